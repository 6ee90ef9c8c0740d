// SPDX-License-Identifier: GPL-2.0
/*
 * The xfrm object: the IPsec SAs offloaded to secnet devices, and the
 * faults injected into their offload.  secnet_xfrm.ko answers every
 * command.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "offload.h"
#include "print.h"

#define XFRM_MODULE	"secnet_xfrm"

#define FAULT_GRAMMAR \
	"secnetctl xfrm fault show [ dev DEV ]\n" \
	"       secnetctl xfrm fault set dev DEV FAULT [ FAULT ... ]\n" \
	"       secnetctl xfrm fault help\n"
#define WHERE \
	"where  DEV := a secnet device, e.g. sn0\n" \
	"       FAULT := { refuse-add N | corrupt-icv N | drop-tx N | drop-rx N }\n" \
	"       N := how many times to inject the fault, 0 cancels it\n"

static int usage(void)
{
	fputs("Usage: secnetctl xfrm show [ dev DEV ]\n"
	      "       secnetctl xfrm help\n"
	      "       " FAULT_GRAMMAR WHERE, stdout);
	return EXIT_OK;
}

static int fault_usage(void)
{
	fputs("Usage: " FAULT_GRAMMAR WHERE, stdout);
	return EXIT_OK;
}

#define FAULT(keyword, key, attr) \
	{ keyword, key, SECNET_A_XFRM_FAULT_##attr, FAULT_U32, 0, INT32_MAX, -1 }
static const struct fault faults[] = {
	FAULT("refuse-add",	"refuse_add",	REFUSE_ADD),
	FAULT("corrupt-icv",	"corrupt_icv",	CORRUPT_ICV),
	FAULT("drop-tx",	"drop_tx",	DROP_TX),
	FAULT("drop-rx",	"drop_rx",	DROP_RX),
};
_Static_assert(SECNET_A_XFRM_FAULT_MAX <= OFFLOAD_FAULT_MAX,
	       "offload.c's fault arrays hold every member");

/* Always a dump: a device has any number of SAs. */
/* Always a dump: a device has any number of SAs. */
static const struct offload_show show = {
	.cmd = SECNET_CMD_XFRM_GET_SA, .nest = SECNET_A_XFRM_SA,
	.ifindex = SECNET_A_XFRM_SA_IFINDEX, .print = xfrm_sa_print,
	.object = "xfrm", .what = "xfrm show",
};

static const struct offload xfrm = {
	.object		= "xfrm",
	.module		= XFRM_MODULE,
	.fault_object	= "xfrm fault",
	.usage		= usage,
	.fault_usage	= fault_usage,
	.show		= &show,
	.get_fault	= SECNET_CMD_XFRM_GET_FAULT,
	.set_fault	= SECNET_CMD_XFRM_SET_FAULT,
	.fault_nest	= SECNET_A_XFRM_FAULT,
	.fault_set	= &attrs_xfrm_fault,
	.fault_ifindex	= SECNET_A_XFRM_FAULT_IFINDEX,
	.fault_ifname	= SECNET_A_XFRM_FAULT_IFNAME,
	.faults		= faults,
	.n_faults	= ARRAY_SIZE(faults),
	.fault_print	= xfrm_fault_print,
};

static const struct family {
	uint16_t af;
	const char *name;
	size_t addr_len;
} families[] = {
	/* As a rule's "family" names them. */
	{ AF_INET,	"ipv4",		4 },
	{ AF_INET6,	"ipv6",		16 },
};

/* The SA's address @type, checked against its family, as text. */
static int sa_addr(const struct nlattr *const *tb, unsigned int type,
		   const struct family *f, char *buf, size_t size)
{
	const struct nlattr *a = tb[type];

	if (nl_attr_len(a) != f->addr_len ||
	    !inet_ntop(f->af, nl_attr_data(a), buf, (socklen_t)size))
		return nl_malformed(&attrs_xfrm_sa, type);
	return 0;
}

int xfrm_sa_print(const struct ctx *ctx, const struct nlmsghdr *nlh)
{
	static const unsigned int required[] = {
		SECNET_A_XFRM_SA_IFINDEX, SECNET_A_XFRM_SA_IFNAME,
		SECNET_A_XFRM_SA_DIR, SECNET_A_XFRM_SA_FAMILY,
		SECNET_A_XFRM_SA_SADDR, SECNET_A_XFRM_SA_DADDR,
		SECNET_A_XFRM_SA_SPI,
	};
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_XFRM_SA_MAX + 1];
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], spi[16];
	const struct family *f = NULL;
	const struct nlattr *a;
	uint16_t af;
	uint8_t dir;
	size_t i;

	(void)ctx;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_XFRM_SA) ||
	    nl_parse_nest(top[SECNET_A_XFRM_SA], &attrs_xfrm_sa, tb))
		return -1;
	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (nl_require(tb, &attrs_xfrm_sa, required[i]))
			return -1;
	/* All checks before any output: no half-printed SA. */
	af = nl_attr_u16(tb[SECNET_A_XFRM_SA_FAMILY]);
	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (families[i].af == af)
			f = &families[i];
	if (!f)
		return nl_malformed(&attrs_xfrm_sa, SECNET_A_XFRM_SA_FAMILY);
	if (sa_addr(tb, SECNET_A_XFRM_SA_SADDR, f, src, sizeof(src)) ||
	    sa_addr(tb, SECNET_A_XFRM_SA_DADDR, f, dst, sizeof(dst)))
		return -1;
	dir = nl_attr_u8(tb[SECNET_A_XFRM_SA_DIR]);

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s",
		     nl_attr_str(tb[SECNET_A_XFRM_SA_IFNAME]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_XFRM_SA_IFINDEX]));
	print_enum(PRINT_ANY, "dir", " %s", name_of(&names_xfrm_dir, dir),
		   dir);
	print_string(PRINT_JSON, "family", NULL, f->name);
	/* Text as "ip xfrm state": the protocol, the SPI in hex. */
	snprintf(spi, sizeof(spi), "0x%08" PRIx32,
		 nl_attr_u32(tb[SECNET_A_XFRM_SA_SPI]));
	print_string(PRINT_FP, NULL, " esp spi %s", spi);
	print_uint(PRINT_JSON, "spi", NULL,
		   nl_attr_u32(tb[SECNET_A_XFRM_SA_SPI]));
	print_string(PRINT_ANY, "src", " src %s", src);
	print_string(PRINT_ANY, "dst", " dst %s", dst);
	a = tb[SECNET_A_XFRM_SA_MODE];
	if (a)
		print_enum(PRINT_ANY, "mode", " mode %s",
			   name_of(&names_xfrm_mode, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_XFRM_SA_ALG];
	if (a)
		print_string(PRINT_ANY, "alg", " aead %s", nl_attr_str(a));
	a = tb[SECNET_A_XFRM_SA_KEY_BITS];
	if (a)
		print_uint(PRINT_ANY, "key_bits", " key %s", nl_attr_u32(a));
	a = tb[SECNET_A_XFRM_SA_ICV_BITS];
	if (a)
		print_uint(PRINT_ANY, "icv_bits", " icv %s", nl_attr_u32(a));
	print_bool(PRINT_ANY, "esn", " esn", tb[SECNET_A_XFRM_SA_ESN] != NULL);
	a = tb[SECNET_A_XFRM_SA_PACKETS];
	if (a)
		print_uint(PRINT_ANY, "packets", " packets %s", nl_attr_u64(a));
	a = tb[SECNET_A_XFRM_SA_BYTES];
	if (a)
		print_uint(PRINT_ANY, "bytes", " bytes %s", nl_attr_u64(a));
	/* Only inbound SAs verify ICVs: text leaves the 0 of others out. */
	a = tb[SECNET_A_XFRM_SA_AUTH_FAILS];
	if (a)
		print_uint(dir == SECNET_XFRM_DIR_IN ? PRINT_ANY : PRINT_JSON,
			   "auth_fails", " auth-fails %s", nl_attr_u64(a));
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}

int xfrm_fault_print(const struct ctx *ctx, const struct nlmsghdr *nlh)
{
	(void)ctx;
	return offload_fault_print(&xfrm, nlh);
}

int do_xfrm(struct ctx *ctx, struct args *a)
{
	return offload_run(ctx, a, &xfrm);
}
