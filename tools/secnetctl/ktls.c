// SPDX-License-Identifier: GPL-2.0
/*
 * The ktls object: the TLS connections offloaded to secnet devices, and
 * the faults injected into their offload.  secnet_ktls.ko answers every
 * command.
 */
#include <inttypes.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "offload.h"
#include "print.h"

#define FAULT(keyword, key, attr) \
	{ keyword, key, SECNET_A_KTLS_FAULT_##attr, FAULT_U32, 0, INT32_MAX, -1 }
static const struct fault faults[] = {
	FAULT("refuse-add",	"refuse_add",	REFUSE_ADD),
	FAULT("desync",		"desync",	DESYNC),
};
_Static_assert(SECNET_A_KTLS_FAULT_MAX <= OFFLOAD_FAULT_MAX,
	       "offload.c's fault arrays hold every member");

/* "ktls show" is always a dump: a device has any number of connections. */
const struct offload offload_ktls = {
	.object		= "ktls",
	.module		= "secnet_ktls",
	.fault_object	= "ktls fault",
	.fault_where	=
		"       FAULT := { refuse-add N | desync N }\n"
		"       N := how many times to inject the fault, 0 cancels it\n",
	.show_cmd	= SECNET_CMD_KTLS_GET_CONN,
	.show_nest	= SECNET_A_KTLS_CONN,
	.show_ifindex	= SECNET_A_KTLS_CONN_IFINDEX,
	.show_print	= ktls_conn_print,
	OFFLOAD_FAULT_CMDS(KTLS),
	.fault_set	= &attrs_ktls_fault,
	.faults		= faults,
	.n_faults	= ARRAY_SIZE(faults),
};

/* An end of the connection: " KEYWORD ADDR:PORT", [ADDR]:PORT for IPv6. */
static void print_end(const char *key, const char *addr,
		      const struct offload_family *f, const struct nlattr *port)
{
	char key_port[32], fmt[32];

	snprintf(fmt, sizeof(fmt), f->af == AF_INET6 ? " %s [%%s]" : " %s %%s",
		 key);
	print_string(PRINT_ANY, key, fmt, addr);
	snprintf(key_port, sizeof(key_port), "%s_port", key);
	print_uint(PRINT_ANY, key_port, ":%s", nl_attr_u16(port));
}

/* The TLS version as the RFCs name it; one the tool does not know in hex. */
static void print_version(const struct nlattr *a)
{
	uint16_t v = nl_attr_u16(a);
	char hex[8];

	if (v == 0x0303 || v == 0x0304) {
		print_string(PRINT_ANY, "version", " version %s",
			     v == 0x0303 ? "TLS1.2" : "TLS1.3");
		return;
	}
	snprintf(hex, sizeof(hex), "0x%04" PRIx16, v);
	print_string(PRINT_ANY, "version", " version %s", hex);
}

int ktls_conn_print(const struct ctx *ctx, const struct nlmsghdr *nlh)
{
	static const unsigned int required[] = {
		SECNET_A_KTLS_CONN_IFINDEX, SECNET_A_KTLS_CONN_IFNAME,
		SECNET_A_KTLS_CONN_DIR, SECNET_A_KTLS_CONN_FAMILY,
		SECNET_A_KTLS_CONN_SADDR, SECNET_A_KTLS_CONN_DADDR,
		SECNET_A_KTLS_CONN_SPORT, SECNET_A_KTLS_CONN_DPORT,
	};
	static const unsigned int addrs[] = {
		SECNET_A_KTLS_CONN_SADDR, SECNET_A_KTLS_CONN_DADDR,
	};
	/* Printed as they are, if there: the stream state and the counts. */
	static const struct {
		uint16_t attr;
		enum attr_type type;
		const char *key, *fmt;
		bool rx_only;	/* in text: a TX connection's 0 is left out */
	} values[] = {
		{ SECNET_A_KTLS_CONN_NEXT_SEQ, ATTR_U32, "next_seq",
		  " next-seq %s", false },
		{ SECNET_A_KTLS_CONN_RECORD_SN, ATTR_U64, "record_sn",
		  " record-sn %s", false },
		{ SECNET_A_KTLS_CONN_RECORDS, ATTR_U64, "records",
		  " records %s", false },
		{ SECNET_A_KTLS_CONN_BYTES, ATTR_U64, "bytes", " bytes %s",
		  false },
		{ SECNET_A_KTLS_CONN_RESYNCS, ATTR_U64, "resyncs",
		  " resyncs %s", true },
	};
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_KTLS_CONN_MAX + 1];
	char addr[ARRAY_SIZE(addrs)][OFFLOAD_ADDR_LEN];
	const struct offload_family *f;
	const struct nlattr *a;
	bool rx, synced;
	uint8_t dir;
	size_t i;

	(void)ctx;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_KTLS_CONN) ||
	    nl_parse_nest(top[SECNET_A_KTLS_CONN], &attrs_ktls_conn, tb) ||
	    nl_require_all(tb, &attrs_ktls_conn, required,
			   ARRAY_SIZE(required)))
		return -1;
	/* All checks before any output: no half-printed connection. */
	f = offload_addrs(tb, &attrs_ktls_conn, SECNET_A_KTLS_CONN_FAMILY,
			  addrs, ARRAY_SIZE(addrs), addr);
	if (!f)
		return -1;
	dir = nl_attr_u8(tb[SECNET_A_KTLS_CONN_DIR]);
	rx = dir == SECNET_KTLS_DIR_RX;
	synced = tb[SECNET_A_KTLS_CONN_SYNCED] != NULL;

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s",
		     nl_attr_str(tb[SECNET_A_KTLS_CONN_IFNAME]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_KTLS_CONN_IFINDEX]));
	print_enum(PRINT_ANY, "dir", " %s", name_of(&names_ktls_dir, dir), dir);
	print_string(PRINT_JSON, "family", NULL, f->name);
	print_end("local", addr[0], f, tb[SECNET_A_KTLS_CONN_SPORT]);
	print_end("remote", addr[1], f, tb[SECNET_A_KTLS_CONN_DPORT]);
	a = tb[SECNET_A_KTLS_CONN_CIPHER];
	if (a)
		print_enum(PRINT_ANY, "cipher", " cipher %s",
			   name_of(&names_ktls_cipher, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_KTLS_CONN_VERSION];
	if (a)
		print_version(a);
	/* Only the receiver syncs: a TX connection has no such state. */
	if (rx) {
		print_bool(PRINT_JSON, "synced", NULL, synced);
		print_string(PRINT_FP, NULL, " %s",
			     synced ? "synced" : "unsynced");
	}
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		a = tb[values[i].attr];
		if (a)
			print_uint(!values[i].rx_only || rx ? PRINT_ANY :
				   PRINT_JSON, values[i].key, values[i].fmt,
				   values[i].type == ATTR_U32 ?
				   nl_attr_u32(a) : nl_attr_u64(a));
	}
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}

int do_ktls(struct ctx *ctx, struct args *a)
{
	return offload_run(ctx, a, &offload_ktls);
}
