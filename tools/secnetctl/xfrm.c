// SPDX-License-Identifier: GPL-2.0
/*
 * The xfrm object: the IPsec SAs offloaded to secnet devices, and the
 * faults injected into their offload.  secnet_xfrm.ko answers every
 * command.
 */
#include <inttypes.h>
#include <stdio.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "offload.h"
#include "print.h"

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

/* "xfrm show" is always a dump: a device has any number of SAs. */
const struct offload offload_xfrm = {
	.object		= "xfrm",
	.module		= "secnet_xfrm",
	.fault_object	= "xfrm fault",
	.fault_where	=
		"       FAULT := { refuse-add N | corrupt-icv N | drop-tx N | drop-rx N }\n"
		"       N := how many times to inject the fault, 0 cancels it\n",
	.show_cmd	= SECNET_CMD_XFRM_GET_SA,
	.show_nest	= SECNET_A_XFRM_SA,
	.show_ifindex	= SECNET_A_XFRM_SA_IFINDEX,
	.show_print	= xfrm_sa_print,
	OFFLOAD_FAULT_CMDS(XFRM),
	.fault_set	= &attrs_xfrm_fault,
	.faults		= faults,
	.n_faults	= ARRAY_SIZE(faults),
};

int xfrm_sa_print(const struct ctx *ctx, const struct nlmsghdr *nlh)
{
	static const unsigned int required[] = {
		SECNET_A_XFRM_SA_IFINDEX, SECNET_A_XFRM_SA_IFNAME,
		SECNET_A_XFRM_SA_DIR, SECNET_A_XFRM_SA_FAMILY,
		SECNET_A_XFRM_SA_SADDR, SECNET_A_XFRM_SA_DADDR,
		SECNET_A_XFRM_SA_SPI,
	};
	static const unsigned int addrs[] = {
		SECNET_A_XFRM_SA_SADDR, SECNET_A_XFRM_SA_DADDR,
	};
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_XFRM_SA_MAX + 1];
	char addr[ARRAY_SIZE(addrs)][OFFLOAD_ADDR_LEN], spi[16];
	const struct offload_family *f;
	const struct nlattr *a;
	uint8_t dir;

	(void)ctx;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_XFRM_SA) ||
	    nl_parse_nest(top[SECNET_A_XFRM_SA], &attrs_xfrm_sa, tb) ||
	    nl_require_all(tb, &attrs_xfrm_sa, required, ARRAY_SIZE(required)))
		return -1;
	/* All checks before any output: no half-printed SA. */
	f = offload_addrs(tb, &attrs_xfrm_sa, SECNET_A_XFRM_SA_FAMILY, addrs,
			  ARRAY_SIZE(addrs), addr);
	if (!f)
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
	print_string(PRINT_ANY, "src", " src %s", addr[0]);
	print_string(PRINT_ANY, "dst", " dst %s", addr[1]);
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

int do_xfrm(struct ctx *ctx, struct args *a)
{
	return offload_run(ctx, a, &offload_xfrm);
}
