// SPDX-License-Identifier: GPL-2.0
/*
 * The macsec object: the MACsec SecYs offloaded to secnet devices, and the
 * faults injected into their offload.  secnet_macsec.ko answers every
 * command.  The text is that of "ip macsec show", keys aside.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "offload.h"
#include "print.h"

enum { PN_LEFT = 2 };		/* the index of pn-left in faults[] */

#define FAULT(keyword, key, attr, type, min, max, needs) \
	{ keyword, key, SECNET_A_MACSEC_FAULT_##attr, type, min, max, needs }
static const struct fault faults[] = {
	FAULT("refuse-add", "refuse_add", REFUSE_ADD, FAULT_U32, 0, INT32_MAX,
	      -1),
	FAULT("corrupt-icv", "corrupt_icv", CORRUPT_ICV, FAULT_U32, 0,
	      INT32_MAX, -1),
	[PN_LEFT] = FAULT("pn-left", NULL, PN_LEFT, FAULT_U32, 1, INT32_MAX,
			  -1),
	FAULT("macsec-dev", NULL, MACSEC_IFINDEX, FAULT_DEV, 0, 0, PN_LEFT),
	FAULT("an", NULL, AN, FAULT_U8, 0, 3, PN_LEFT),
};
_Static_assert(SECNET_A_MACSEC_FAULT_MAX <= OFFLOAD_FAULT_MAX,
	       "offload.c's fault arrays hold every member");

/* "macsec show" is always a dump: a device has any number of SecYs. */
const struct offload offload_macsec = {
	.object		= "macsec",
	.module		= "secnet_macsec",
	.fault_object	= "macsec fault",
	.fault_where	=
		"       FAULT := { refuse-add N | corrupt-icv N |\n"
		"                  pn-left LEFT [ macsec-dev MACSECDEV ] [ an AN ] }\n"
		"       N := how many times to inject the fault, 0 cancels it\n"
		"       LEFT := how many frames a TX SA is to send before its PNs run\n"
		"               out, from 1 to 2147483647\n"
		"       MACSECDEV := the macsec device of the SecY (default: every one)\n"
		"       AN := the TX SA, from 0 to 3 (default: the encoding SA)\n",
	.show_cmd	= SECNET_CMD_MACSEC_GET_SECY,
	.show_nest	= SECNET_A_MACSEC_SECY,
	.show_ifindex	= SECNET_A_MACSEC_SECY_IFINDEX,
	.show_print	= macsec_secy_print,
	OFFLOAD_FAULT_CMDS(MACSEC),
	.fault_set	= &attrs_macsec_fault,
	.faults		= faults,
	.n_faults	= ARRAY_SIZE(faults),
};

/* Indentation, as "ip macsec show": SCs and tables 4, SAs 8. */
#define INDENT		"    "

/*
 * Checks a reply whole before any of it is printed: no half-printed SecY.
 * Each returns -1 after reporting what is wrong.
 */
static int counters_check(const struct nlattr *nest,
			  const struct attr_set *set)
{
	const struct nlattr *entry = NULL;
	const char *name;
	uint64_t value;
	int ret;

	if (!nest)
		return 0;
	while ((ret = nl_counter_next(nest, set, &entry, &name, &value)) > 0)
		;
	return ret;
}

static int sa_check(const struct nlattr *nest, const struct attr_set *set)
{
	const struct nlattr *tb[SECNET_A_MACSEC_SA_MAX + 1];

	if (nl_parse_nest(nest, set, tb) ||
	    nl_require(tb, set, SECNET_A_MACSEC_SA_AN))
		return -1;
	return counters_check(tb[SECNET_A_MACSEC_SA_COUNTERS],
			      set->attrs[SECNET_A_MACSEC_SA_COUNTERS].nest);
}

static int rxsc_check(const struct nlattr *nest)
{
	const struct nlattr *tb[SECNET_A_MACSEC_RXSC_MAX + 1];
	const struct nlattr *a = NULL;

	if (nl_parse_nest(nest, &attrs_macsec_rxsc, tb) ||
	    nl_require(tb, &attrs_macsec_rxsc, SECNET_A_MACSEC_RXSC_SCI) ||
	    counters_check(tb[SECNET_A_MACSEC_RXSC_COUNTERS],
			   &attrs_macsec_rxsc_counters))
		return -1;
	while ((a = nl_nest_next(nest, a)))
		if (nl_attr_type(a) == SECNET_A_MACSEC_RXSC_RXSA &&
		    sa_check(a, &attrs_macsec_rxsa))
			return -1;
	return 0;
}

static int secy_check(const struct nlattr *nest, const struct nlattr **tb)
{
	static const unsigned int required[] = {
		SECNET_A_MACSEC_SECY_IFINDEX, SECNET_A_MACSEC_SECY_IFNAME,
		SECNET_A_MACSEC_SECY_MACSEC_IFINDEX,
		SECNET_A_MACSEC_SECY_MACSEC_IFNAME, SECNET_A_MACSEC_SECY_SCI,
	};
	const struct nlattr *a = NULL;

	if (nl_parse_nest(nest, &attrs_macsec_secy, tb) ||
	    nl_require_all(tb, &attrs_macsec_secy, required,
			   ARRAY_SIZE(required)))
		return -1;
	if (counters_check(tb[SECNET_A_MACSEC_SECY_COUNTERS],
			   &attrs_macsec_secy_counters))
		return -1;
	while ((a = nl_nest_next(nest, a))) {
		if ((nl_attr_type(a) == SECNET_A_MACSEC_SECY_TXSA &&
		     sa_check(a, &attrs_macsec_txsa)) ||
		    (nl_attr_type(a) == SECNET_A_MACSEC_SECY_RXSC &&
		     rxsc_check(a)))
			return -1;
	}
	return 0;
}

/*
 * Counters: in JSON always, an object; in text with -s, as "ip -s macsec
 * show" has them, a line of names and under each its value.
 */
static void print_counters(const struct ctx *ctx, const struct nlattr *nest,
			   const struct attr_set *set)
{
	const struct nlattr *entry = NULL;
	const char *name;
	uint64_t value;
	char num[32];

	if (!nest)
		return;
	print_open_object("counters");
	if (print_json()) {
		while (nl_counter_next(nest, set, &entry, &name, &value) > 0)
			print_uint(PRINT_JSON, name, NULL, value);
	} else if (ctx->stats &&
		   nl_counter_next(nest, set, &entry, &name, &value) > 0) {
		print_string(PRINT_FP, NULL, "%s", INDENT "stats:");
		do
			print_string(PRINT_FP, NULL, " %s", name);
		while (nl_counter_next(nest, set, &entry, &name, &value) > 0);
		print_string(PRINT_FP, NULL, "\n%s", INDENT "      ");
		while (nl_counter_next(nest, set, &entry, &name, &value) > 0) {
			snprintf(num, sizeof(num), "%*" PRIu64,
				 (int)strlen(name) + 1, value);
			print_string(PRINT_FP, NULL, "%s", num);
		}
		print_nl(PRINT_FP);
	}
	print_close_object();
}

/* An SCI as "ip macsec show" prints it, in text and JSON alike. */
static void print_sci(const char *fmt, const struct nlattr *a)
{
	char sci[17];

	snprintf(sci, sizeof(sci), "%016" PRIx64, nl_attr_u64(a));
	print_string(PRINT_ANY, "sci", fmt, sci);
}

/* " KEYWORD on" or " KEYWORD off"; JSON true or false. */
static void print_on_off(const char *key, const char *keyword, bool on)
{
	print_string(PRINT_FP, NULL, " %s", keyword);
	print_string(PRINT_FP, NULL, " %s", on ? "on" : "off");
	print_bool(PRINT_JSON, key, NULL, on);
}

/* An SA: "AN: PN n, state on[, SSCI s]", then its counters. */
static void print_sa(const struct ctx *ctx, const struct nlattr *nest,
		     const struct attr_set *set)
{
	const struct nlattr *tb[SECNET_A_MACSEC_SA_MAX + 1];
	const struct nlattr *a;
	bool active;

	nl_parse_nest(nest, set, tb);
	active = tb[SECNET_A_MACSEC_SA_ACTIVE] != NULL;
	print_open_object(NULL);
	print_uint(PRINT_ANY, "an", INDENT INDENT "%s:",
		   nl_attr_u8(tb[SECNET_A_MACSEC_SA_AN]));
	a = tb[SECNET_A_MACSEC_SA_NEXT_PN];
	if (a)
		print_uint(PRINT_ANY, "pn", " PN %s,", nl_attr_u64(a));
	print_bool(PRINT_JSON, "active", NULL, active);
	print_string(PRINT_FP, NULL, " state %s", active ? "on" : "off");
	a = tb[SECNET_A_MACSEC_SA_SSCI];
	if (a)
		print_uint(PRINT_ANY, "ssci", ", SSCI %s", nl_attr_u32(a));
	print_nl(PRINT_FP);
	print_counters(ctx, tb[SECNET_A_MACSEC_SA_COUNTERS],
		       set->attrs[SECNET_A_MACSEC_SA_COUNTERS].nest);
	print_close_object();
}

static void print_rxsc(const struct ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[SECNET_A_MACSEC_RXSC_MAX + 1];
	const struct nlattr *a = NULL;
	bool active;

	nl_parse_nest(nest, &attrs_macsec_rxsc, tb);
	active = tb[SECNET_A_MACSEC_RXSC_ACTIVE] != NULL;
	print_open_object(NULL);
	print_sci(INDENT "RXSC: %s,", tb[SECNET_A_MACSEC_RXSC_SCI]);
	print_bool(PRINT_JSON, "active", NULL, active);
	print_string(PRINT_FP, NULL, " state %s\n", active ? "on" : "off");
	print_counters(ctx, tb[SECNET_A_MACSEC_RXSC_COUNTERS],
		       &attrs_macsec_rxsc_counters);
	print_open_array("sa_list");
	while ((a = nl_nest_next(nest, a)))
		if (nl_attr_type(a) == SECNET_A_MACSEC_RXSC_RXSA)
			print_sa(ctx, a, &attrs_macsec_rxsa);
	print_close_array();
	print_close_object();
}

/* The SecY's line: its devices and flags, as "ip macsec show" words them. */
static void print_secy_flags(const struct nlattr *const *tb)
{
	static const struct {
		uint16_t attr;
		const char *key, *keyword;
	} flags[] = {
		{ SECNET_A_MACSEC_SECY_ENCRYPT, "encrypt", "encrypt" },
		{ SECNET_A_MACSEC_SECY_SEND_SCI, "send_sci", "send_sci" },
		{ SECNET_A_MACSEC_SECY_END_STATION, "end_station",
		  "end_station" },
		{ SECNET_A_MACSEC_SECY_SCB, "scb", "scb" },
		{ SECNET_A_MACSEC_SECY_REPLAY_PROTECT, "replay", "replay" },
	};
	const struct nlattr *a;
	size_t i;

	print_string(PRINT_ANY, "dev", "%s:",
		     nl_attr_str(tb[SECNET_A_MACSEC_SECY_IFNAME]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_MACSEC_SECY_IFINDEX]));
	print_string(PRINT_ANY, "macsec_dev", " %s:",
		     nl_attr_str(tb[SECNET_A_MACSEC_SECY_MACSEC_IFNAME]));
	print_uint(PRINT_JSON, "macsec_ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_MACSEC_SECY_MACSEC_IFINDEX]));
	print_on_off("protect", "protect", tb[SECNET_A_MACSEC_SECY_PROTECT]);
	a = tb[SECNET_A_MACSEC_SECY_VALIDATE];
	if (a)
		print_enum(PRINT_ANY, "validate", " validate %s",
			   name_of(&names_macsec_validate, nl_attr_u8(a)),
			   nl_attr_u8(a));
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		print_on_off(flags[i].key, flags[i].keyword,
			     tb[flags[i].attr] != NULL);
	/* As "ip macsec show": a window only where replay protection is on. */
	a = tb[SECNET_A_MACSEC_SECY_REPLAY_WINDOW];
	if (a && tb[SECNET_A_MACSEC_SECY_REPLAY_PROTECT])
		print_uint(PRINT_ANY, "window", " window %s", nl_attr_u32(a));
	print_on_off("operational", "operational",
		     tb[SECNET_A_MACSEC_SECY_OPERATIONAL]);
	print_nl(PRINT_FP);
}

int macsec_secy_print(const struct ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_MACSEC_SECY_MAX + 1];
	const struct nlattr *nest, *a;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_MACSEC_SECY))
		return -1;
	nest = top[SECNET_A_MACSEC_SECY];
	if (secy_check(nest, tb))
		return -1;

	print_open_object(NULL);
	print_secy_flags(tb);
	a = tb[SECNET_A_MACSEC_SECY_CIPHER];
	if (a)
		print_enum(PRINT_ANY, "cipher_suite", INDENT "cipher suite: %s",
			   name_of(&names_macsec_cipher, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_MACSEC_SECY_ICV_LEN];
	if (a)
		print_uint(PRINT_ANY, "icv_length", ", using ICV length %s",
			   nl_attr_u8(a));
	if (tb[SECNET_A_MACSEC_SECY_CIPHER] || a)
		print_nl(PRINT_FP);
	print_sci(INDENT "TXSC: %s", tb[SECNET_A_MACSEC_SECY_SCI]);
	a = tb[SECNET_A_MACSEC_SECY_ENCODING_SA];
	if (a)
		print_uint(PRINT_ANY, "encoding_sa", " on SA %s", nl_attr_u8(a));
	print_nl(PRINT_FP);
	print_counters(ctx, tb[SECNET_A_MACSEC_SECY_COUNTERS],
		       &attrs_macsec_secy_counters);
	print_open_array("sa_list");
	for (a = NULL; (a = nl_nest_next(nest, a));)
		if (nl_attr_type(a) == SECNET_A_MACSEC_SECY_TXSA)
			print_sa(ctx, a, &attrs_macsec_txsa);
	print_close_array();
	print_open_array("rx_sc");
	for (a = NULL; (a = nl_nest_next(nest, a));)
		if (nl_attr_type(a) == SECNET_A_MACSEC_SECY_RXSC)
			print_rxsc(ctx, a);
	print_close_array();
	print_close_object();
	return 0;
}

int do_macsec(struct ctx *ctx, struct args *a)
{
	return offload_run(ctx, a, &offload_macsec);
}
