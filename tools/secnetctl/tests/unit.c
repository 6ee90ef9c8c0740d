// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the parts of secnetctl that need no kernel:
 *   unit attrs		naming the attribute at an extack offset
 *   unit json [pretty]	prints a JSON document of awkward strings, for
 *			tests/cli.sh to check with a real JSON parser
 *   unit sa MODE	prints made-up xfrm SA replies, MODE text, json or
 *			pretty, as "secnetctl xfrm show" would
 *   unit fault MODE	the same for "secnetctl xfrm fault show"
 *   unit bad-sa CASE	prints a malformed SA reply: exit 1 and an error
 *   unit secy MODE	prints made-up MACsec SecY replies, MODE text, stats
 *			(text with -s), json or pretty, as "secnetctl macsec
 *			show" would
 *   unit macsec-fault MODE	the same for "secnetctl macsec fault show"
 *   unit bad-secy CASE	prints a malformed SecY reply: exit 1 and an error
 *   unit conn MODE	prints made-up kTLS connection replies, MODE text,
 *			json or pretty, as "secnetctl ktls show" would
 *   unit ktls-fault MODE	the same for "secnetctl ktls fault show"
 *   unit bad-conn CASE	prints a malformed connection reply: exit 1 and an
 *			error
 *   unit offload-explain MSG OBJECT MODULE [ KEYWORD VALUE ]...
 *			prints the kernel's error MSG about a command of
 *			OBJECT (of MODULE) as secnetctl rewrites it, the
 *			command line having given each KEYWORD VALUE
 *   unit rule MODE RULE...
 *			parses RULE as "rule add" does, makes the kernel's
 *			reply of it (packets 12, bytes 3456) and prints that
 *			as "rule list" does
 *   unit bad-rule CASE	prints a malformed rule reply: exit 1 and an error
 *   unit nf-event MODE	prints made-up firewall notifications, MODE text,
 *			json or pretty, as "secnetctl monitor" would
 *   unit bad-nf-event CASE	prints a malformed one: exit 1 and an error
 *   unit load FILE	parses FILE as "ruleset load" does, builds its parts
 *			and prints what they carry, as a ruleset file with a
 *			comment per part and the LINE of each rule
 *   unit explain MSG rule ATTR RULE...
 *   unit explain MSG load ATTR N FILE
 *			prints the kernel's error MSG as secnetctl rewrites
 *			it, the kernel blaming attribute ATTR ("-": none) of
 *			the request of "rule add RULE", or of the Nth rule of
 *			the first part of "ruleset load FILE" ("RULE": the
 *			rule's nest itself)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/secnet.h>

#include "../attrs.h"
#include "../names.h"
#include "../nf.h"
#include "../nl.h"
#include "../offload.h"
#include "../print.h"
#include "../secnetctl.h"

static int failures;

static void expect_name(const struct nlmsghdr *nlh, const void *at,
			int member, const char *want)
{
	size_t off = (size_t)((const char *)at - (const char *)nlh);
	char name[128];
	int ret;

	ret = attrs_name_at(name, sizeof(name), nlh, nlh->nlmsg_len, off,
			    member);
	if (want ? ret || strcmp(name, want) : !ret) {
		printf("FAIL: offset %zu member %d: got %s, want %s\n", off,
		       member, ret ? "none" : name, want ? want : "none");
		failures++;
	}
}

/* The requests of "xfrm fault set" and "xfrm show dev". */
static void test_attrs_xfrm(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *fault, *ifindex, *drop_rx, *sa, *sa_ifindex;

	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	fault = mnl_attr_nest_start(nlh, SECNET_A_XFRM_FAULT);
	ifindex = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_IFINDEX, 5);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_REFUSE_ADD, 1);
	drop_rx = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_DROP_RX, 2);
	mnl_attr_nest_end(nlh, fault);
	sa = mnl_attr_nest_start(nlh, SECNET_A_XFRM_SA);
	sa_ifindex = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_IFINDEX, 5);
	mnl_attr_nest_end(nlh, sa);

	expect_name(nlh, fault, -1, "XFRM_FAULT");
	expect_name(nlh, ifindex, -1, "XFRM_FAULT.IFINDEX");
	expect_name(nlh, drop_rx, -1, "XFRM_FAULT.DROP_RX");
	expect_name(nlh, fault, SECNET_A_XFRM_FAULT_IFINDEX,
		    "XFRM_FAULT.IFINDEX");
	expect_name(nlh, sa, -1, "XFRM_SA");
	expect_name(nlh, sa_ifindex, -1, "XFRM_SA.IFINDEX");
	expect_name(nlh, sa, SECNET_A_XFRM_SA_AUTH_FAILS, "XFRM_SA.AUTH_FAILS");
}

/* A ruleset load part: its rules are named by where they are. */
static void test_attrs_nf(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *load, *policy, *rule, *dport, *line;

	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	load = mnl_attr_nest_start(nlh, SECNET_A_NF_LOAD);
	mnl_attr_put_u32(nlh, SECNET_A_NF_LOAD_FLAGS, SECNET_NF_LOAD_BEGIN);
	policy = mnl_attr_nest_start(nlh, SECNET_A_NF_LOAD_POLICY);
	mnl_attr_put_u8(nlh, SECNET_A_NF_HOOK_HOOK, SECNET_NF_HOOK_INPUT);
	mnl_attr_nest_end(nlh, policy);
	rule = mnl_attr_nest_start(nlh, SECNET_A_NF_LOAD_RULE);
	mnl_attr_put_u8(nlh, SECNET_A_NF_RULE_HOOK, SECNET_NF_HOOK_INPUT);
	dport = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, SECNET_A_NF_RULE_DPORT_HI, 1);
	line = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, SECNET_A_NF_RULE_LINE, 7);
	mnl_attr_nest_end(nlh, rule);
	mnl_attr_nest_end(nlh, load);

	expect_name(nlh, load, -1, "NF_LOAD");
	expect_name(nlh, policy, SECNET_A_NF_HOOK_POLICY,
		    "NF_LOAD.POLICY.POLICY");
	expect_name(nlh, rule, -1, "NF_LOAD.RULE");
	expect_name(nlh, dport, -1, "NF_LOAD.RULE.DPORT_HI");
	expect_name(nlh, line, -1, "NF_LOAD.RULE.LINE");
	expect_name(nlh, rule, SECNET_A_NF_RULE_ACTION, "NF_LOAD.RULE.ACTION");
}

/* The longest rule there is fits the room a load part keeps for one. */
static void test_rule_room(void)
{
	static char *argv[] = {
		"hook", "forward", "handle", "4294967295",
		"family", "ipv6", "src", "2001:db8::/32",
		"dst", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
		"proto", "tcp", "sport", "1-2", "dport", "3-4",
		"tcp-flags", "syn/syn,ack", "icmp-type", "1", "icmp-code", "2",
		"iif", "0123456789abcde", "oif", "0123456789abcde",
		"ct-state", "new", "ct-label", "127",
		"ct-mark", "0xffffffff/0xffffffff", "set-label", "127",
		"set-mark", "0xffffffff", "action", "continue",
	};
	static char buf[4096] __attribute__((aligned(4)));
	struct args a = { .argc = ARRAY_SIZE(argv), .argv = argv };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *nest;
	struct nf_rule r;

	if (nf_rule_parse(&a, &r, true, "rule")) {
		printf("FAIL: the longest rule does not parse\n");
		failures++;
		return;
	}
	r.val[SECNET_A_NF_RULE_LINE] = UINT32_MAX;
	r.has |= NF_HAS(SECNET_A_NF_RULE_LINE);
	nest = mnl_attr_nest_start(nlh, SECNET_A_NF_LOAD_RULE);
	nf_rule_put(nlh, &r);
	mnl_attr_nest_end(nlh, nest);
	if (nest->nla_len > NF_RULE_ROOM) {
		printf("FAIL: a rule takes %u bytes, NF_RULE_ROOM is %d\n",
		       nest->nla_len, NF_RULE_ROOM);
		failures++;
	}
}

/* Every attribute of the header has its name ("#N" means one was missed). */
static void test_attrs_named(void)
{
	static const struct attr_set *const sets[] = {
		&attrs_top, &attrs_version, &attrs_subsys, &attrs_counters,
		&attrs_counter, &attrs_xfrm_sa, &attrs_xfrm_fault,
		&attrs_nf_rule, &attrs_nf_hook, &attrs_nf_load,
		&attrs_nf_load_rule, &attrs_nf_load_policy,
		&attrs_macsec_secy, &attrs_macsec_secy_counters,
		&attrs_macsec_txsa, &attrs_macsec_txsa_counters,
		&attrs_macsec_rxsc, &attrs_macsec_rxsc_counters,
		&attrs_macsec_rxsa, &attrs_macsec_rxsa_counters,
		&attrs_macsec_fault, &attrs_ktls_conn, &attrs_ktls_fault,
	};
	unsigned int i, type;

	for (i = 0; i < ARRAY_SIZE(sets); i++)
		for (type = 1; type <= sets[i]->max; type++)
			if (!attrs_lookup(sets[i], type)) {
				printf("FAIL: %s member %u has no name\n",
				       sets[i]->path[0] ? sets[i]->path : "top",
				       type);
				failures++;
			}
}

static int test_attrs(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *subsys, *name, *state, *counters, *entry, *value;
	struct nlattr *unknown;
	char out[64];

	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	subsys = mnl_attr_nest_start(nlh, SECNET_A_SUBSYS);
	name = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, SECNET_A_SUBSYS_NAME, "core");
	state = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u8(nlh, SECNET_A_SUBSYS_STATE, 9);
	counters = mnl_attr_nest_start(nlh, SECNET_A_SUBSYS_COUNTERS);
	entry = mnl_attr_nest_start(nlh, SECNET_A_COUNTERS_ENTRY);
	mnl_attr_put_strz(nlh, SECNET_A_COUNTER_NAME, "requests");
	value = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u64(nlh, SECNET_A_COUNTER_VALUE, 1);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, counters);
	unknown = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, 42, 0);
	mnl_attr_nest_end(nlh, subsys);

	expect_name(nlh, subsys, -1, "SUBSYS");
	expect_name(nlh, name, -1, "SUBSYS.NAME");
	expect_name(nlh, state, -1, "SUBSYS.STATE");
	expect_name(nlh, counters, -1, "SUBSYS.COUNTERS");
	expect_name(nlh, entry, -1, "SUBSYS.COUNTERS.ENTRY");
	expect_name(nlh, value, -1, "SUBSYS.COUNTERS.ENTRY.VALUE");
	expect_name(nlh, unknown, -1, "SUBSYS.#42");
	/* MISS_NEST: the nest's offset and the missing member's type. */
	expect_name(nlh, subsys, SECNET_A_SUBSYS_NAME, "SUBSYS.NAME");
	expect_name(nlh, entry, SECNET_A_COUNTER_VALUE,
		    "SUBSYS.COUNTERS.ENTRY.VALUE");
	/* Not at the start of an attribute, or not a nest. */
	expect_name(nlh, (char *)name + 4, -1, NULL);
	expect_name(nlh, nlh, -1, NULL);
	expect_name(nlh, (char *)nlh + nlh->nlmsg_len, -1, NULL);
	expect_name(nlh, name, SECNET_A_SUBSYS_NAME, NULL);
	expect_name(nlh, unknown, 1, NULL);
	/* A truncated request is walked no further than its length. */
	nlh->nlmsg_len = (uint32_t)((char *)state - buf);
	expect_name(nlh, state, -1, NULL);

	attrs_name(out, sizeof(out), &attrs_top, SECNET_A_SUBSYS);
	if (strcmp(out, "SUBSYS")) {
		printf("FAIL: top-level name %s\n", out);
		failures++;
	}
	test_attrs_xfrm();
	test_attrs_nf();
	test_attrs_named();
	test_rule_room();
	printf("attrs: %s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}

static int test_json(bool pretty)
{
	static const char *const strings[] = {
		"plain",
		"quote\" backslash\\ slash/",
		"\b\f\n\r\t\x01\x1f\x7f",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92",
		"bad \xff \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82",
		"",
	};
	unsigned int i;

	print_init(true, pretty);
	print_open_object(NULL);
	print_open_array("strings");
	for (i = 0; i < ARRAY_SIZE(strings); i++)
		print_string(PRINT_ANY, NULL, "%s", strings[i]);
	print_close_array();
	print_open_object("numbers");
	print_uint(PRINT_ANY, "max", "%s", UINT64_MAX);
	print_uint(PRINT_ANY, "zero", "%s", 0);
	print_enum(PRINT_ANY, "unnamed", "%s", NULL, 7);
	print_enum(PRINT_ANY, "named", "%s", "up", 1);
	print_close_object();
	print_open_object("empty");
	print_close_object();
	print_open_array("none");
	print_close_array();
	print_open_object("flags");
	print_bool(PRINT_ANY, "on", " on", true);
	print_bool(PRINT_ANY, "off", " off", false);
	print_bool(PRINT_FP, "text_only", " text", true);
	print_close_object();
	print_string(PRINT_FP, "text_only", "%s", "hidden");
	print_string(PRINT_ANY, "key \"quoted\"", "%s", "v");
	print_close_object();
	return print_flush() ? 1 : 0;
}

/* A reply as the kernel would send it: @cmd, one nest of type @nest. */
static struct nlmsghdr *reply_start(void *buf, uint8_t cmd, uint16_t nest)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	genl = mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	genl->cmd = cmd;
	genl->version = SECNET_GENL_VERSION;
	mnl_attr_nest_start(nlh, nest);
	return nlh;
}

static void reply_end(struct nlmsghdr *nlh)
{
	mnl_attr_nest_end(nlh, (struct nlattr *)((char *)mnl_nlmsg_get_payload(nlh) +
						 GENL_HDRLEN));
}

struct sa {
	uint32_t ifindex;
	const char *ifname;
	uint8_t dir;
	uint16_t family;
	const char *saddr, *daddr;
	uint32_t spi;
	/* Optional: 0 or NULL leaves the attribute out. */
	uint8_t mode;
	const char *alg;
	uint32_t key_bits, icv_bits;
	bool esn;
	bool counters;
	uint64_t packets, bytes, auth_fails;
	/* For malformed replies: the addresses' own family, if not @family,
	 * and a required attribute to leave out.
	 */
	uint16_t addr_family;
	uint16_t omit;
};

static void put_addr(struct nlmsghdr *nlh, uint16_t type, uint16_t family,
		     const char *text)
{
	unsigned char addr[16];

	inet_pton(family, text, addr);
	mnl_attr_put(nlh, type, family == AF_INET ? 4 : 16, addr);
}

/* The u64s after a PAD, as the kernel's nla_put_u64_64bit() does. */
static void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t value)
{
	mnl_attr_put(nlh, SECNET_A_XFRM_SA_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, type, value);
}

static struct nlmsghdr *sa_reply(void *buf, const struct sa *sa)
{
	struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_XFRM_GET_SA,
					   SECNET_A_XFRM_SA);

	uint16_t af = sa->addr_family ? sa->addr_family : sa->family;

	mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_IFINDEX, sa->ifindex);
	mnl_attr_put_strz(nlh, SECNET_A_XFRM_SA_IFNAME, sa->ifname);
	mnl_attr_put_u8(nlh, SECNET_A_XFRM_SA_DIR, sa->dir);
	mnl_attr_put_u16(nlh, SECNET_A_XFRM_SA_FAMILY, sa->family);
	put_addr(nlh, SECNET_A_XFRM_SA_SADDR, af, sa->saddr);
	put_addr(nlh, SECNET_A_XFRM_SA_DADDR, af, sa->daddr);
	if (sa->omit != SECNET_A_XFRM_SA_SPI)
		mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_SPI, sa->spi);
	if (sa->mode)
		mnl_attr_put_u8(nlh, SECNET_A_XFRM_SA_MODE, sa->mode);
	if (sa->alg)
		mnl_attr_put_strz(nlh, SECNET_A_XFRM_SA_ALG, sa->alg);
	if (sa->key_bits)
		mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_KEY_BITS, sa->key_bits);
	if (sa->icv_bits)
		mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_ICV_BITS, sa->icv_bits);
	if (sa->esn)
		mnl_attr_put(nlh, SECNET_A_XFRM_SA_ESN, 0, NULL);
	if (sa->counters) {
		put_u64(nlh, SECNET_A_XFRM_SA_PACKETS, sa->packets);
		put_u64(nlh, SECNET_A_XFRM_SA_BYTES, sa->bytes);
		put_u64(nlh, SECNET_A_XFRM_SA_AUTH_FAILS, sa->auth_fails);
	}
	return nlh;
}

static bool set_mode(const char *mode)
{
	if (!strcmp(mode, "text"))
		print_init(false, false);
	else if (!strcmp(mode, "json") || !strcmp(mode, "pretty"))
		print_init(true, !strcmp(mode, "pretty"));
	else
		return false;
	return true;
}

static int test_sa(void)
{
	static const struct sa sas[] = {
		{ .ifindex = 5, .ifname = "sn0", .dir = SECNET_XFRM_DIR_OUT,
		  .family = AF_INET, .saddr = "10.0.0.1", .daddr = "10.0.0.2",
		  .spi = 0x1000, .mode = SECNET_XFRM_MODE_TRANSPORT,
		  .alg = "rfc4106(gcm(aes))", .key_bits = 128,
		  .icv_bits = 128, .counters = true, .packets = 12,
		  .bytes = 3456 },
		{ .ifindex = 6, .ifname = "sn1", .dir = SECNET_XFRM_DIR_IN,
		  .family = AF_INET6, .saddr = "2001:db8::1",
		  .daddr = "2001:db8::2", .spi = 0xdeadbeef,
		  .mode = SECNET_XFRM_MODE_TUNNEL, .alg = "rfc4106(gcm(aes))",
		  .key_bits = 256, .icv_bits = 128, .esn = true,
		  .counters = true, .packets = UINT64_MAX, .bytes = 2,
		  .auth_fails = 3 },
		/* Values this secnetctl has no name for; no optional one. */
		{ .ifindex = 7, .ifname = "sn2", .dir = 9, .family = AF_INET,
		  .saddr = "1.2.3.4", .daddr = "5.6.7.8", .spi = 1 },
	};
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	unsigned int i;
	int ret = 0;

	print_open_array(NULL);
	for (i = 0; i < ARRAY_SIZE(sas); i++) {
		nlh = sa_reply(buf, &sas[i]);
		if (i == 2)	/* From a newer kernel: skipped. */
			mnl_attr_put_u32(nlh, SECNET_A_XFRM_SA_MAX + 1, 0);
		reply_end(nlh);
		ret |= xfrm_sa_print(NULL, nlh);
	}
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

static int test_fault(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	int ret;

	print_open_array(NULL);
	nlh = reply_start(buf, SECNET_CMD_XFRM_GET_FAULT, SECNET_A_XFRM_FAULT);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_IFINDEX, 5);
	mnl_attr_put_strz(nlh, SECNET_A_XFRM_FAULT_IFNAME, "sn0");
	/* Not in print order: the order is secnetctl's. */
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_DROP_RX, UINT32_MAX);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_DROP_TX, 0);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_CORRUPT_ICV, 3);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_REFUSE_ADD, 0);
	reply_end(nlh);
	ret = offload_fault_print(&offload_xfrm, nlh);
	/* A device with no count reported. */
	nlh = reply_start(buf, SECNET_CMD_XFRM_GET_FAULT, SECNET_A_XFRM_FAULT);
	mnl_attr_put_u32(nlh, SECNET_A_XFRM_FAULT_IFINDEX, 6);
	mnl_attr_put_strz(nlh, SECNET_A_XFRM_FAULT_IFNAME, "sn1");
	reply_end(nlh);
	ret |= offload_fault_print(&offload_xfrm, nlh);
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

/* Malformed SA replies: each must be refused before anything is printed. */
static int test_bad_sa(const char *what)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct sa sa = {
		.ifindex = 5, .ifname = "sn0", .dir = SECNET_XFRM_DIR_OUT,
		.family = AF_INET, .saddr = "10.0.0.1", .daddr = "10.0.0.2",
		.spi = 1,
	};
	struct nlmsghdr *nlh;

	print_init(false, false);
	if (!strcmp(what, "family")) {
		sa.family = AF_UNIX;
		sa.addr_family = AF_INET;
	} else if (!strcmp(what, "addr-len")) {
		sa.addr_family = AF_INET6;
		sa.saddr = "::1";
		sa.daddr = "::2";
	} else if (!strcmp(what, "no-spi")) {
		sa.omit = SECNET_A_XFRM_SA_SPI;
	} else if (strcmp(what, "esn")) {
		fprintf(stderr, "usage: unit bad-sa { family | addr-len | no-spi | esn }\n");
		return 2;
	}
	nlh = sa_reply(buf, &sa);
	if (!strcmp(what, "esn"))	/* A flag with a payload. */
		mnl_attr_put_u8(nlh, SECNET_A_XFRM_SA_ESN, 1);
	reply_end(nlh);
	return xfrm_sa_print(NULL, nlh) || print_flush() ? 1 : 0;
}

/* A counters nest of @n counters named @names, valued @base, @base + 1... */
static void put_counters(struct nlmsghdr *nlh, uint16_t type,
			 const char *const *names, unsigned int n,
			 uint64_t base)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nlattr *entry = mnl_attr_nest_start(nlh,
							   SECNET_A_COUNTERS_ENTRY);

		mnl_attr_put_strz(nlh, SECNET_A_COUNTER_NAME, names[i]);
		mnl_attr_put(nlh, SECNET_A_COUNTER_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, SECNET_A_COUNTER_VALUE, base + i);
		mnl_attr_nest_end(nlh, entry);
	}
	mnl_attr_nest_end(nlh, nest);
}

static const char *const secy_ctrs[] = {
	"OutPktsUntagged", "InPktsUntagged", "OutPktsTooLong", "InPktsNoTag",
	"InPktsBadTag", "InPktsUnknownSCI", "InPktsNoSCI", "InPktsOverrun",
	"OutPktsProtected", "OutPktsEncrypted", "OutOctetsProtected",
	"OutOctetsEncrypted",
};
static const char *const txsa_ctrs[] = {
	"OutPktsProtected", "OutPktsEncrypted",
};
static const char *const rxsc_ctrs[] = {
	"InOctetsValidated", "InOctetsDecrypted", "InPktsUnchecked",
	"InPktsDelayed", "InPktsOK", "InPktsInvalid", "InPktsLate",
	"InPktsNotValid", "InPktsNotUsingSA", "InPktsUnusedSA",
};
static const char *const rxsa_ctrs[] = {
	"InPktsOK", "InPktsInvalid", "InPktsNotValid", "InPktsNotUsingSA",
	"InPktsUnusedSA",
};

/* An SA nest: @ssci 0 leaves SSCI out, @omit an attribute. */
static void put_macsec_sa(struct nlmsghdr *nlh, uint16_t type, uint8_t an,
			  bool active, uint64_t pn, uint32_t ssci,
			  const char *const *ctrs, unsigned int n,
			  uint16_t omit)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (omit != SECNET_A_MACSEC_SA_AN)
		mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SA_AN, an);
	if (active)
		mnl_attr_put(nlh, SECNET_A_MACSEC_SA_ACTIVE, 0, NULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SA_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, SECNET_A_MACSEC_SA_NEXT_PN, pn);
	if (ssci)
		mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SA_SSCI, ssci);
	put_counters(nlh, SECNET_A_MACSEC_SA_COUNTERS, ctrs, n, 10);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * SecY 1: sn0, macsec0, GCM-AES-128, a TX SA, an RX SC with an RX SA.
 * SecY 2: sn1, macsec1, XPN, two TX SAs (one off), no RX SC, no flag, no
 * ICV length, no validation.  @omit: an attribute of SecY 1 (or of its
 * RX SA, for SECNET_A_MACSEC_SA_AN) to leave out.
 */
static struct nlmsghdr *secy_reply(void *buf, int which, uint16_t omit)
{
	struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_MACSEC_GET_SECY,
					   SECNET_A_MACSEC_SECY);
	struct nlattr *rxsc;

	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SECY_IFINDEX, 5 + which);
	mnl_attr_put_strz(nlh, SECNET_A_MACSEC_SECY_IFNAME,
			  which ? "sn1" : "sn0");
	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SECY_MACSEC_IFINDEX, 9 + which);
	mnl_attr_put_strz(nlh, SECNET_A_MACSEC_SECY_MACSEC_IFNAME,
			  which ? "macsec1" : "macsec0");
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_PAD, 0, NULL);
	if (omit != SECNET_A_MACSEC_SECY_SCI)
		mnl_attr_put_u64(nlh, SECNET_A_MACSEC_SECY_SCI,
				 which ? 0x00000000000000ffULL :
					 0x5254001234560001ULL);
	if (which) {
		mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_CIPHER,
				SECNET_MACSEC_CIPHER_GCM_AES_XPN_256);
		mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_ENCODING_SA, 3);
		/* Replay protection off: its window is not shown. */
		mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SECY_REPLAY_WINDOW, 0);
		put_macsec_sa(nlh, SECNET_A_MACSEC_SECY_TXSA, 3, true,
			      (1ULL << 32) + 5, 0x01020304, txsa_ctrs,
			      ARRAY_SIZE(txsa_ctrs), 0);
		put_macsec_sa(nlh, SECNET_A_MACSEC_SECY_TXSA, 1, false, 1,
			      7, NULL, 0, 0);
		return nlh;
	}
	mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_CIPHER,
			SECNET_MACSEC_CIPHER_GCM_AES_128);
	mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_ICV_LEN, 16);
	mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_ENCODING_SA, 0);
	mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SECY_VALIDATE,
			SECNET_MACSEC_VALIDATE_STRICT);
	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SECY_REPLAY_WINDOW, 32);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_ENCRYPT, 0, NULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_SEND_SCI, 0, NULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_PROTECT, 0, NULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_REPLAY_PROTECT, 0, NULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_SECY_OPERATIONAL, 0, NULL);
	put_counters(nlh, SECNET_A_MACSEC_SECY_COUNTERS, secy_ctrs,
		     ARRAY_SIZE(secy_ctrs), 0);
	put_macsec_sa(nlh, SECNET_A_MACSEC_SECY_TXSA, 0, true, 12, 0,
		      txsa_ctrs, ARRAY_SIZE(txsa_ctrs), 0);
	rxsc = mnl_attr_nest_start(nlh, SECNET_A_MACSEC_SECY_RXSC);
	mnl_attr_put(nlh, SECNET_A_MACSEC_RXSC_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, SECNET_A_MACSEC_RXSC_SCI, 0x5254009876540001ULL);
	mnl_attr_put(nlh, SECNET_A_MACSEC_RXSC_ACTIVE, 0, NULL);
	put_counters(nlh, SECNET_A_MACSEC_RXSC_COUNTERS, rxsc_ctrs,
		     ARRAY_SIZE(rxsc_ctrs), 100);
	put_macsec_sa(nlh, SECNET_A_MACSEC_RXSC_RXSA, 0, true, 1, 0,
		      rxsa_ctrs, ARRAY_SIZE(rxsa_ctrs), omit);
	mnl_attr_nest_end(nlh, rxsc);
	return nlh;
}

static int test_secy(bool stats)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct ctx ctx = { .stats = stats };
	struct nlmsghdr *nlh;
	int ret = 0, i;

	print_open_array(NULL);
	for (i = 0; i < 2; i++) {
		nlh = secy_reply(buf, i, 0);
		if (i)	/* From a newer kernel: skipped. */
			mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SECY_MAX + 1, 0);
		reply_end(nlh);
		ret |= macsec_secy_print(&ctx, nlh);
	}
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

static int test_macsec_fault(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	int ret;

	print_open_array(NULL);
	nlh = reply_start(buf, SECNET_CMD_MACSEC_GET_FAULT,
			  SECNET_A_MACSEC_FAULT);
	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_FAULT_IFINDEX, 5);
	mnl_attr_put_strz(nlh, SECNET_A_MACSEC_FAULT_IFNAME, "sn0");
	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_FAULT_CORRUPT_ICV, 3);
	mnl_attr_put_u32(nlh, SECNET_A_MACSEC_FAULT_REFUSE_ADD, 0);
	reply_end(nlh);
	ret = offload_fault_print(&offload_macsec, nlh);
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

/* Malformed SecY replies: each must be refused before anything is printed. */
static int test_bad_secy(const char *what)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct ctx ctx = { .stats = true };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint16_t omit = 0;

	print_init(false, false);
	if (!strcmp(what, "no-sci"))
		omit = SECNET_A_MACSEC_SECY_SCI;
	else if (!strcmp(what, "no-an"))
		omit = SECNET_A_MACSEC_SA_AN;
	else if (strcmp(what, "counter") && strcmp(what, "pn")) {
		fprintf(stderr, "usage: unit bad-secy { no-sci | no-an | counter | pn }\n");
		return 2;
	}
	nlh = secy_reply(buf, 0, omit);
	if (!strcmp(what, "counter")) {
		/* An RX SC whose counter has no value. */
		nest = mnl_attr_nest_start(nlh, SECNET_A_MACSEC_SECY_RXSC);
		mnl_attr_put_u64(nlh, SECNET_A_MACSEC_RXSC_SCI, 1);
		put_counters(nlh, SECNET_A_MACSEC_RXSC_COUNTERS, rxsc_ctrs, 1,
			     0);
		mnl_attr_nest_end(nlh, nest);
		nest = (struct nlattr *)((char *)nest + nest->nla_len -
					 NLA_HDRLEN - 8);
		nest->nla_type = SECNET_A_COUNTER_PAD;
	} else if (!strcmp(what, "pn")) {
		/* A TX SA whose PN is 32 bits. */
		nest = mnl_attr_nest_start(nlh, SECNET_A_MACSEC_SECY_TXSA);
		mnl_attr_put_u8(nlh, SECNET_A_MACSEC_SA_AN, 1);
		mnl_attr_put_u32(nlh, SECNET_A_MACSEC_SA_NEXT_PN, 1);
		mnl_attr_nest_end(nlh, nest);
	}
	reply_end(nlh);
	return macsec_secy_print(&ctx, nlh) || print_flush() ? 1 : 0;
}

struct conn {
	uint32_t ifindex;
	const char *ifname;
	uint8_t dir;
	uint16_t family;
	const char *saddr, *daddr;
	uint16_t sport, dport;
	/* Optional: 0 leaves the attribute out (all of the counts). */
	uint8_t cipher;
	uint16_t version;
	bool synced, counts;
	uint32_t next_seq;
	uint64_t record_sn, records, bytes, resyncs;
	/* For malformed replies, as struct sa's. */
	uint16_t addr_family;
	uint16_t omit;
};

static struct nlmsghdr *conn_reply(void *buf, const struct conn *c)
{
	struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_KTLS_GET_CONN,
					   SECNET_A_KTLS_CONN);
	uint16_t af = c->addr_family ? c->addr_family : c->family;

	mnl_attr_put_u32(nlh, SECNET_A_KTLS_CONN_IFINDEX, c->ifindex);
	mnl_attr_put_strz(nlh, SECNET_A_KTLS_CONN_IFNAME, c->ifname);
	mnl_attr_put_u8(nlh, SECNET_A_KTLS_CONN_DIR, c->dir);
	mnl_attr_put_u16(nlh, SECNET_A_KTLS_CONN_FAMILY, c->family);
	put_addr(nlh, SECNET_A_KTLS_CONN_SADDR, af, c->saddr);
	put_addr(nlh, SECNET_A_KTLS_CONN_DADDR, af, c->daddr);
	mnl_attr_put_u16(nlh, SECNET_A_KTLS_CONN_SPORT, c->sport);
	if (c->omit != SECNET_A_KTLS_CONN_DPORT)
		mnl_attr_put_u16(nlh, SECNET_A_KTLS_CONN_DPORT, c->dport);
	if (c->cipher)
		mnl_attr_put_u8(nlh, SECNET_A_KTLS_CONN_CIPHER, c->cipher);
	if (c->version)
		mnl_attr_put_u16(nlh, SECNET_A_KTLS_CONN_VERSION, c->version);
	if (c->synced)
		mnl_attr_put(nlh, SECNET_A_KTLS_CONN_SYNCED, 0, NULL);
	if (c->counts) {
		mnl_attr_put_u32(nlh, SECNET_A_KTLS_CONN_NEXT_SEQ,
				 c->next_seq);
		put_u64(nlh, SECNET_A_KTLS_CONN_RECORD_SN, c->record_sn);
		put_u64(nlh, SECNET_A_KTLS_CONN_RECORDS, c->records);
		put_u64(nlh, SECNET_A_KTLS_CONN_BYTES, c->bytes);
		put_u64(nlh, SECNET_A_KTLS_CONN_RESYNCS, c->resyncs);
	}
	return nlh;
}

static int test_conn(void)
{
	static const struct conn conns[] = {
		{ .ifindex = 5, .ifname = "sn0", .dir = SECNET_KTLS_DIR_TX,
		  .family = AF_INET, .saddr = "10.0.0.1", .daddr = "10.0.0.2",
		  .sport = 443, .dport = 51000,
		  .cipher = SECNET_KTLS_CIPHER_AES_GCM_128,
		  .version = 0x0303, .counts = true, .next_seq = 4000000000U,
		  .record_sn = 7, .records = 7, .bytes = 114688 },
		{ .ifindex = 6, .ifname = "sn1", .dir = SECNET_KTLS_DIR_RX,
		  .family = AF_INET6, .saddr = "2001:db8::2",
		  .daddr = "2001:db8::1", .sport = 51000, .dport = 443,
		  .cipher = SECNET_KTLS_CIPHER_AES_GCM_256,
		  .version = 0x0303, .synced = true, .counts = true,
		  .next_seq = 1, .record_sn = UINT64_MAX, .records = 2,
		  .bytes = 3, .resyncs = 4 },
		{ .ifindex = 6, .ifname = "sn1", .dir = SECNET_KTLS_DIR_RX,
		  .family = AF_INET, .saddr = "10.0.0.2", .daddr = "10.0.0.1",
		  .sport = 1, .dport = 65535,
		  .cipher = SECNET_KTLS_CIPHER_AES_GCM_128,
		  .version = 0x0303, .counts = true },
		/* Values this secnetctl has no name for; no optional one. */
		{ .ifindex = 7, .ifname = "sn2", .dir = 9, .family = AF_INET,
		  .saddr = "1.2.3.4", .daddr = "5.6.7.8", .sport = 1,
		  .dport = 2, .cipher = 9, .version = 0x0305 },
	};
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	unsigned int i;
	int ret = 0;

	print_open_array(NULL);
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		nlh = conn_reply(buf, &conns[i]);
		if (i == 3)	/* From a newer kernel: skipped. */
			mnl_attr_put_u32(nlh, SECNET_A_KTLS_CONN_MAX + 1, 0);
		reply_end(nlh);
		ret |= ktls_conn_print(NULL, nlh);
	}
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

static int test_ktls_fault(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	int ret;

	print_open_array(NULL);
	nlh = reply_start(buf, SECNET_CMD_KTLS_GET_FAULT, SECNET_A_KTLS_FAULT);
	mnl_attr_put_u32(nlh, SECNET_A_KTLS_FAULT_IFINDEX, 5);
	mnl_attr_put_strz(nlh, SECNET_A_KTLS_FAULT_IFNAME, "sn0");
	mnl_attr_put_u32(nlh, SECNET_A_KTLS_FAULT_DESYNC, 2147483647);
	mnl_attr_put_u32(nlh, SECNET_A_KTLS_FAULT_REFUSE_ADD, 1);
	reply_end(nlh);
	ret = offload_fault_print(&offload_ktls, nlh);
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

/* Malformed connection replies: refused before anything is printed. */
static int test_bad_conn(const char *what)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct conn c = {
		.ifindex = 5, .ifname = "sn0", .dir = SECNET_KTLS_DIR_TX,
		.family = AF_INET, .saddr = "10.0.0.1", .daddr = "10.0.0.2",
		.sport = 443, .dport = 51000,
	};
	struct nlmsghdr *nlh;

	print_init(false, false);
	if (!strcmp(what, "family")) {
		c.family = AF_UNIX;
		c.addr_family = AF_INET;
	} else if (!strcmp(what, "addr-len")) {
		c.addr_family = AF_INET6;
		c.saddr = "::1";
		c.daddr = "::2";
	} else if (!strcmp(what, "no-dport")) {
		c.omit = SECNET_A_KTLS_CONN_DPORT;
	} else if (strcmp(what, "records")) {
		fprintf(stderr, "usage: unit bad-conn { family | addr-len | no-dport | records }\n");
		return 2;
	}
	nlh = conn_reply(buf, &c);
	if (!strcmp(what, "records"))	/* A u64 of 32 bits. */
		mnl_attr_put_u32(nlh, SECNET_A_KTLS_CONN_RECORDS, 1);
	reply_end(nlh);
	return ktls_conn_print(NULL, nlh) || print_flush() ? 1 : 0;
}

static int test_offload_explain(int argc, char **argv)
{
	struct offload o = { .object = argv[1], .module = argv[2] };
	struct offload_explain e = { .o = &o };
	char text[512];
	int i;

	for (i = 3; i + 1 < argc && e.n < OFFLOAD_TYPED_MAX; i += 2) {
		e.typed[e.n].keyword = argv[i];
		e.typed[e.n].value = argv[i + 1];
		e.n++;
	}
	if (offload_explain(NULL, NULL, argv[0], text, sizeof(text), &e))
		printf("%s\n", text);
	else
		printf("unchanged: %s\n", argv[0]);
	return 0;
}

/* The kernel's reply to "rule add" of @r: the rule and its counters. */
static struct nlmsghdr *rule_reply(void *buf, const struct nf_rule *r)
{
	struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_NF_NEW_RULE,
					   SECNET_A_NF_RULE);

	nf_rule_put(nlh, r);
	mnl_attr_put(nlh, SECNET_A_NF_RULE_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, SECNET_A_NF_RULE_PACKETS, 12);
	mnl_attr_put(nlh, SECNET_A_NF_RULE_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, SECNET_A_NF_RULE_BYTES, 3456);
	return nlh;
}

static int print_rule_reply(const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	struct nf_rule r;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_RULE) ||
	    nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule,
			NF_HAS(SECNET_A_NF_RULE_HOOK) |
			NF_HAS(SECNET_A_NF_RULE_ACTION), &r))
		return 1;
	nf_rule_print(NULL, &r, true);
	print_nl(PRINT_FP);
	return print_flush() ? 1 : 0;
}

static int test_rule(int argc, char **argv)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct args a = { .argc = argc, .argv = argv };
	struct nf_rule r;
	int ret = nf_rule_parse(&a, &r, false, "rule");

	if (ret)
		return ret;
	reply_end(rule_reply(buf, &r));
	return print_rule_reply((struct nlmsghdr *)buf);
}

/* Malformed rule replies: each must be refused before anything is printed. */
static int test_bad_rule(const char *what)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nf_rule r = { 0 };
	struct nlmsghdr *nlh;

	print_init(false, false);
	r.has = NF_HAS(SECNET_A_NF_RULE_HOOK) |
		NF_HAS(SECNET_A_NF_RULE_ACTION) |
		NF_HAS(SECNET_A_NF_RULE_SRC) |
		NF_HAS(SECNET_A_NF_RULE_SRC_LEN);
	r.val[SECNET_A_NF_RULE_HOOK] = SECNET_NF_HOOK_INPUT;
	r.val[SECNET_A_NF_RULE_ACTION] = SECNET_NF_ACTION_DROP;
	r.src.len = 4;
	r.val[SECNET_A_NF_RULE_SRC_LEN] = 32;
	if (!strcmp(what, "addr-len"))
		r.src.len = 5;
	else if (!strcmp(what, "prefix-len"))
		r.val[SECNET_A_NF_RULE_SRC_LEN] = 33;
	else if (!strcmp(what, "no-action"))
		r.has &= ~NF_HAS(SECNET_A_NF_RULE_ACTION);
	else if (strcmp(what, "ifname")) {
		fprintf(stderr, "usage: unit bad-rule { addr-len | prefix-len | no-action | ifname }\n");
		return 2;
	}
	nlh = rule_reply(buf, &r);
	if (!strcmp(what, "ifname"))
		mnl_attr_put_strz(nlh, SECNET_A_NF_RULE_IIF,
				  "0123456789abcdef");
	reply_end(nlh);
	return print_rule_reply(nlh);
}

/* Prints the members of the SECNET_A_NF_LOAD of a part. */
static int print_part(const struct nlmsghdr *nlh, unsigned int part)
{
	const uint64_t required = NF_HAS(SECNET_A_NF_RULE_HOOK) |
				  NF_HAS(SECNET_A_NF_RULE_ACTION) |
				  NF_HAS(SECNET_A_NF_RULE_LINE);
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	const struct nlattr *attr = NULL;
	unsigned int rules = 0;
	uint8_t hook, policy;
	struct nf_rule r;
	uint32_t flags;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_LOAD))
		return 1;
	while ((attr = nl_nest_next(top[SECNET_A_NF_LOAD], attr))) {
		switch (nl_attr_type(attr)) {
		case SECNET_A_NF_LOAD_FLAGS:
			if (rules) {
				printf("FAIL: FLAGS after a rule\n");
				return 1;
			}
			flags = nl_attr_u32(attr);
			printf("# part %u%s%s\n", part,
			       flags & SECNET_NF_LOAD_BEGIN ? " begin" : "",
			       flags & SECNET_NF_LOAD_COMMIT ? " commit" : "");
			break;
		case SECNET_A_NF_LOAD_POLICY:
			if (nl_parse_nest(attr, &attrs_nf_load_policy, tb) ||
			    nl_require(tb, &attrs_nf_load_policy,
				       SECNET_A_NF_HOOK_HOOK) ||
			    nl_require(tb, &attrs_nf_load_policy,
				       SECNET_A_NF_HOOK_POLICY))
				return 1;
			hook = nl_attr_u8(tb[SECNET_A_NF_HOOK_HOOK]);
			policy = nl_attr_u8(tb[SECNET_A_NF_HOOK_POLICY]);
			printf("policy %s %s\n", name_of(&names_nf_hook, hook),
			       name_of(&names_nf_policy, policy));
			break;
		case SECNET_A_NF_LOAD_RULE:
			if (nf_rule_get(attr, &attrs_nf_load_rule, required,
					&r))
				return 1;
			fputs("rule ", stdout);
			nf_rule_print(NULL, &r, false);
			printf(" # line %u\n",
			       (unsigned int)r.val[SECNET_A_NF_RULE_LINE]);
			rules++;
			break;
		}
	}
	return 0;
}

/*
 * A firewall notification of @type made by pid @pid (also its port), uid
 * 1000, @comm if not NULL; the caller adds the nest of the type.
 */
static struct nlmsghdr *nf_event_start(void *buf, uint8_t type, uint32_t pid,
				       const char *comm)
{
	struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_NF_NTF,
					   SECNET_A_NF_EVENT);

	mnl_attr_put_u8(nlh, SECNET_A_NF_EVENT_TYPE, type);
	mnl_attr_put_u32(nlh, SECNET_A_NF_EVENT_PORTID, pid);
	mnl_attr_put_u32(nlh, SECNET_A_NF_EVENT_PID, pid);
	mnl_attr_put_u32(nlh, SECNET_A_NF_EVENT_UID, 1000);
	if (comm)
		mnl_attr_put_strz(nlh, SECNET_A_NF_EVENT_COMM, comm);
	reply_end(nlh);
	return nlh;
}

static void nf_event_rule(struct nlmsghdr *nlh, const struct nf_rule *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SECNET_A_NF_RULE);

	nf_rule_put(nlh, r);
	mnl_attr_nest_end(nlh, nest);
}

/* SECNET_A_NF_HOOK of @hook, and @policy if not 0. */
static void nf_event_hook(struct nlmsghdr *nlh, uint8_t hook, uint8_t policy)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, SECNET_A_NF_HOOK);

	mnl_attr_put_u8(nlh, SECNET_A_NF_HOOK_HOOK, hook);
	if (policy)
		mnl_attr_put_u8(nlh, SECNET_A_NF_HOOK_POLICY, policy);
	mnl_attr_nest_end(nlh, nest);
}

static int test_nf_event(void)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nf_rule r = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int ret = 0;

	r.has = NF_HAS(SECNET_A_NF_RULE_HANDLE) | NF_HAS(SECNET_A_NF_RULE_HOOK) |
		NF_HAS(SECNET_A_NF_RULE_PROTO) |
		NF_HAS(SECNET_A_NF_RULE_DPORT_LO) |
		NF_HAS(SECNET_A_NF_RULE_DPORT_HI) |
		NF_HAS(SECNET_A_NF_RULE_ACTION);
	r.val[SECNET_A_NF_RULE_HANDLE] = 5;
	r.val[SECNET_A_NF_RULE_HOOK] = SECNET_NF_HOOK_INPUT;
	r.val[SECNET_A_NF_RULE_PROTO] = IPPROTO_TCP;
	r.val[SECNET_A_NF_RULE_DPORT_LO] = 22;
	r.val[SECNET_A_NF_RULE_DPORT_HI] = 22;
	r.val[SECNET_A_NF_RULE_ACTION] = SECNET_NF_ACTION_DROP;

	print_open_array(NULL);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_RULE_NEW, 812, "secnetctl");
	nf_event_rule(nlh, &r);
	ret |= nf_event_print(nlh);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_RULE_DEL, 815, "secnetctl");
	nf_event_rule(nlh, &r);
	ret |= nf_event_print(nlh);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_FLUSH, 820, "secnetctl");
	nf_event_hook(nlh, SECNET_NF_HOOK_INPUT, 0);
	ret |= nf_event_print(nlh);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_FLUSH, 821, "secnetctl");
	ret |= nf_event_print(nlh);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_POLICY, 830, "fw \"x\"");
	nf_event_hook(nlh, SECNET_NF_HOOK_OUTPUT, SECNET_NF_ACTION_DROP);
	ret |= nf_event_print(nlh);
	nlh = nf_event_start(buf, SECNET_NF_EVENT_LOAD, 841, "secnetctl");
	nest = mnl_attr_nest_start(nlh, SECNET_A_NF_LOAD);
	mnl_attr_put_u32(nlh, SECNET_A_NF_LOAD_RULES, 12);
	mnl_attr_nest_end(nlh, nest);
	ret |= nf_event_print(nlh);
	/* From a newer kernel: who made it, and the type as a number. */
	nlh = nf_event_start(buf, 200, 1, "init");
	ret |= nf_event_print(nlh);
	print_close_array();
	return ret || print_flush() ? 1 : 0;
}

/* Malformed notifications: each refused with an error. */
static int test_bad_nf_event(const char *what)
{
	static char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;

	print_init(false, false);
	if (!strcmp(what, "no-comm")) {
		nlh = nf_event_start(buf, SECNET_NF_EVENT_FLUSH, 1, NULL);
	} else if (!strcmp(what, "no-rule")) {
		nlh = nf_event_start(buf, SECNET_NF_EVENT_RULE_NEW, 1, "x");
	} else if (!strcmp(what, "no-policy")) {
		nlh = nf_event_start(buf, SECNET_NF_EVENT_POLICY, 1, "x");
		nf_event_hook(nlh, SECNET_NF_HOOK_INPUT, 0);
	} else {
		fprintf(stderr, "usage: unit bad-nf-event { no-comm | no-rule | no-policy }\n");
		return 2;
	}
	return nf_event_print(nlh) ? 1 : 0;
}

static int test_load(const char *path)
{
	static char buf[NL_MSG_SIZE] __attribute__((aligned(4)));
	struct nf_ruleset rs;
	unsigned int part = 0;
	size_t next = 0;
	bool last = false;
	int ret;

	print_init(false, false);
	ret = nf_ruleset_read(path, &rs);
	while (!ret && !last) {
		struct nlmsghdr *nlh = reply_start(buf, SECNET_CMD_NF_LOAD,
						   SECNET_A_NF_LOAD);

		/* Only the genetlink header: the part is the nest. */
		nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
		last = nf_load_part(nlh, &rs, &next);
		if (nlh->nlmsg_len > NL_MSG_SIZE) {
			printf("FAIL: part %u is %u bytes\n", part + 1,
			       nlh->nlmsg_len);
			ret = 1;
		}
		ret = ret ? ret : print_part(nlh, ++part);
	}
	nf_ruleset_free(&rs);
	if (ret)
		return ret;
	return print_flush() ? 1 : 0;
}

/* The offset in @nlh of the member of @nest named @name; -1 if none. */
static long member_offset(const struct nlmsghdr *nlh,
			  const struct nlattr *nest, const char *name)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		const struct attr_desc *d =
			attrs_lookup(&attrs_nf_rule, mnl_attr_get_type(a));

		if (d && !strcmp(d->name, name))
			return (const char *)a - (const char *)nlh;
	}
	return -1;
}

/* The nest of the @nth rule (from 1) of the load part @nlh. */
static const struct nlattr *load_rule(const struct nlmsghdr *nlh,
				      unsigned int nth)
{
	const struct nlattr *load = (const void *)((const char *)
		mnl_nlmsg_get_payload(nlh) + GENL_HDRLEN);
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, load)
		if (mnl_attr_get_type(a) == SECNET_A_NF_LOAD_RULE && !--nth)
			return a;
	return NULL;
}

static int test_explain(int argc, char **argv)
{
	static char buf[NL_MSG_SIZE] __attribute__((aligned(4)));
	const char *msg = argv[0], *attr = argv[2], *file = NULL;
	struct nlmsghdr *nlh;
	const struct nlattr *nest;
	char text[512];
	uint32_t offs;
	long off = 0;
	int ret;

	if (!strcmp(argv[1], "rule")) {
		struct args a = { .argc = argc - 3, .argv = argv + 3 };
		struct nf_rule r;

		ret = nf_rule_parse(&a, &r, false, "rule");
		if (ret)
			return ret;
		nlh = reply_start(buf, SECNET_CMD_NF_NEW_RULE, SECNET_A_NF_RULE);
		nf_rule_put(nlh, &r);
		reply_end(nlh);
		nest = (const void *)((char *)mnl_nlmsg_get_payload(nlh) +
				      GENL_HDRLEN);
	} else if (!strcmp(argv[1], "load") && argc == 5) {
		struct nf_ruleset rs;
		size_t next = 0;

		ret = nf_ruleset_read(argv[4], &rs);
		if (ret)
			return ret;
		nlh = reply_start(buf, SECNET_CMD_NF_LOAD, SECNET_A_NF_LOAD);
		nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
		nf_load_part(nlh, &rs, &next);
		nf_ruleset_free(&rs);
		nest = load_rule(nlh, (unsigned int)atoi(argv[3]));
		file = nf_ruleset_name(argv[4]);
		if (!nest) {
			printf("FAIL: no rule %s in the first part\n", argv[3]);
			return 1;
		}
		if (!strcmp(attr, "RULE"))
			off = (const char *)nest - (const char *)nlh;
	} else {
		fprintf(stderr, "usage: unit explain MSG { rule ATTR RULE... | load ATTR N FILE }\n");
		return 2;
	}
	if (strcmp(attr, "-") && !off)
		off = member_offset(nlh, nest, attr);
	if (off < 0) {
		printf("FAIL: no attribute %s in the rule\n", attr);
		return 1;
	}
	offs = (uint32_t)off;
	if (nf_explain(nlh, strcmp(attr, "-") ? &offs : NULL, msg, text,
		       sizeof(text), file))
		printf("%s\n", text);
	else
		printf("unchanged: %s\n", msg);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc >= 2 ? argv[1] : "";

	if (!strcmp(what, "attrs"))
		return test_attrs();
	if (!strcmp(what, "json"))
		return test_json(argc >= 3 && !strcmp(argv[2], "pretty"));
	if (!strcmp(what, "sa") && argc == 3 && set_mode(argv[2]))
		return test_sa();
	if (!strcmp(what, "fault") && argc == 3 && set_mode(argv[2]))
		return test_fault();
	if (!strcmp(what, "bad-sa") && argc == 3)
		return test_bad_sa(argv[2]);
	if (!strcmp(what, "secy") && argc == 3 && !strcmp(argv[2], "stats")) {
		print_init(false, false);
		return test_secy(true);
	}
	if (!strcmp(what, "secy") && argc == 3 && set_mode(argv[2]))
		return test_secy(false);
	if (!strcmp(what, "macsec-fault") && argc == 3 && set_mode(argv[2]))
		return test_macsec_fault();
	if (!strcmp(what, "bad-secy") && argc == 3)
		return test_bad_secy(argv[2]);
	if (!strcmp(what, "conn") && argc == 3 && set_mode(argv[2]))
		return test_conn();
	if (!strcmp(what, "ktls-fault") && argc == 3 && set_mode(argv[2]))
		return test_ktls_fault();
	if (!strcmp(what, "bad-conn") && argc == 3)
		return test_bad_conn(argv[2]);
	if (!strcmp(what, "offload-explain") && argc >= 5 && argc % 2)
		return test_offload_explain(argc - 2, argv + 2);
	if (!strcmp(what, "rule") && argc >= 3 && set_mode(argv[2]))
		return test_rule(argc - 3, argv + 3);
	if (!strcmp(what, "bad-rule") && argc == 3)
		return test_bad_rule(argv[2]);
	if (!strcmp(what, "load") && argc == 3)
		return test_load(argv[2]);
	if (!strcmp(what, "nf-event") && argc == 3 && set_mode(argv[2]))
		return test_nf_event();
	if (!strcmp(what, "bad-nf-event") && argc == 3)
		return test_bad_nf_event(argv[2]);
	if (!strcmp(what, "explain") && argc >= 5)
		return test_explain(argc - 2, argv + 2);
	fprintf(stderr,
		"usage: unit { attrs | json [ pretty ] | sa MODE | fault MODE | bad-sa CASE |\n"
		"              secy { MODE | stats } | macsec-fault MODE | bad-secy CASE |\n"
		"              conn MODE | ktls-fault MODE | bad-conn CASE |\n"
		"              offload-explain MSG OBJECT MODULE [ KEYWORD VALUE ]... |\n"
		"              rule MODE RULE... | bad-rule CASE | load FILE |\n"
		"              nf-event MODE | bad-nf-event CASE |\n"
		"              explain MSG { rule ATTR RULE... | load ATTR N FILE } }\n"
		"where  MODE := { text | json | pretty }\n");
	return 2;
}
