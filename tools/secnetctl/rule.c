// SPDX-License-Identifier: GPL-2.0
/*
 * Firewall rules: the RULE grammar, shared by "rule add" and ruleset files,
 * the attributes of SECNET_A_NF_RULE, and the printer.  Matches between
 * attributes (ports need a protocol that has them, IIF is not at OUTPUT,
 * ...) are the kernel's to check: it says which, and for a file, on which
 * line; nf_explain() says it again in the words the user typed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "labels.h"
#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

struct parse {
	struct nf_rule *r;
	/* An icmp-type name: its meaning depends on proto, given anywhere. */
	const char *icmp_type;
};

struct keyword {
	const char *name;
	uint16_t attr;		/* the attribute it gives */
	uint16_t attr2;		/* and the one that comes with it, or 0 */
	int (*parse)(struct parse *p, const struct keyword *k,
		     const char *arg);
	const struct name_table *names;	/* for parse_name */
};

/* "@head a, b, c": @head, then the names of @t. */
static int bad_name(const char *arg, const char *head,
		    const struct name_table *t)
{
	const char *sep = " ";
	char why[256];
	size_t len;
	unsigned int i;

	len = (size_t)snprintf(why, sizeof(why), "%s", head);
	for (i = 0; i < t->count && len < sizeof(why); i++) {
		if (!t->names[i])
			continue;
		len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%s",
					sep, t->names[i]);
		sep = ", ";
	}
	return err_invarg(arg, why);
}

int nf_name_arg(const char *arg, const char *key, const struct name_table *t,
		uint8_t *value)
{
	int v = name_value(t, arg);
	char head[64];

	if (v < 0) {
		snprintf(head, sizeof(head), "%s must be one of", key);
		return bad_name(arg, head, t);
	}
	*value = (uint8_t)v;
	return EXIT_OK;
}

int nf_handle_arg(const char *arg, const char *key, uint32_t *handle)
{
	uint64_t v;

	if (args_uint(arg, UINT32_MAX, &v) || !v) {
		char why[64];

		snprintf(why, sizeof(why),
			 "%s must be a number from 1 to %u", key, UINT32_MAX);
		return err_invarg(arg, why);
	}
	*handle = (uint32_t)v;
	return EXIT_OK;
}

/* Where the value of attribute SRC or DST, IIF or OIF is kept. */
static struct nf_addr *rule_addr(struct nf_rule *r, unsigned int attr)
{
	return attr == SECNET_A_NF_RULE_SRC ? &r->src : &r->dst;
}

static const struct nf_addr *rule_addr_const(const struct nf_rule *r,
					     unsigned int attr)
{
	return attr == SECNET_A_NF_RULE_SRC ? &r->src : &r->dst;
}

/* Where the value of a string attribute (IIF, OIF, SRC_SET, DST_SET) is. */
static char *rule_ifname(struct nf_rule *r, unsigned int attr)
{
	switch (attr) {
	case SECNET_A_NF_RULE_SRC_SET:
		return r->sset;
	case SECNET_A_NF_RULE_DST_SET:
		return r->dset;
	}
	return attr == SECNET_A_NF_RULE_IIF ? r->iif : r->oif;
}

static const char *rule_ifname_const(const struct nf_rule *r,
				     unsigned int attr)
{
	return rule_ifname((struct nf_rule *)r, attr);
}

static size_t rule_str_size(unsigned int attr)
{
	return attr == SECNET_A_NF_RULE_SRC_SET ||
	       attr == SECNET_A_NF_RULE_DST_SET ? SECNET_NF_SET_NAME_LEN :
						  IFNAMSIZ;
}

static int parse_name(struct parse *p, const struct keyword *k,
		      const char *arg)
{
	uint8_t v = 0;
	int ret = nf_name_arg(arg, k->name, k->names, &v);

	if (!ret)
		p->r->val[k->attr] = v;
	return ret;
}

static int parse_handle(struct parse *p, const struct keyword *k,
			const char *arg)
{
	uint32_t v = 0;
	int ret = nf_handle_arg(arg, k->name, &v);

	if (!ret)
		p->r->val[k->attr] = v;
	return ret;
}

/* Bits past the first @len of @a. */
static bool host_bits(const struct nf_addr *a, unsigned int len)
{
	unsigned int i;

	for (i = len / 8; i < a->len; i++) {
		uint8_t host = i == len / 8 ? 0xff >> (len % 8) : 0xff;

		if (a->bytes[i] & host)
			return true;
	}
	return false;
}

int nf_prefix_arg(const char *arg, struct nf_addr *a, uint64_t *prefix_len)
{
	const char *slash = strchr(arg, '/');
	size_t alen = slash ? (size_t)(slash - arg) : strlen(arg);
	char addr[INET6_ADDRSTRLEN];
	uint64_t len;

	if (alen >= sizeof(addr))
		return err_invarg(arg, "not an IPv4 or IPv6 prefix");
	memcpy(addr, arg, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, a->bytes) == 1)
		a->len = 4;
	else if (inet_pton(AF_INET6, addr, a->bytes) == 1)
		a->len = 16;
	else
		return err_invarg(arg, "not an IPv4 or IPv6 prefix");
	len = a->len * 8U;
	if (slash && args_uint(slash + 1, len, &len)) {
		char why[64];

		snprintf(why, sizeof(why),
			 "the prefix length must be from 0 to %u", a->len * 8U);
		return err_invarg(arg, why);
	}
	if (host_bits(a, (unsigned int)len))
		return err_msg("\"%s\" has host bits set", arg);
	*prefix_len = len;
	return EXIT_OK;
}

/* "@NAME": a set; its attribute, or 0 if @arg is a prefix. */
static unsigned int set_attr(const struct keyword *k, const char *arg)
{
	if (arg[0] != '@')
		return 0;
	return k->attr == SECNET_A_NF_RULE_SRC ? SECNET_A_NF_RULE_SRC_SET :
						 SECNET_A_NF_RULE_DST_SET;
}

static int parse_prefix(struct parse *p, const struct keyword *k,
			const char *arg)
{
	unsigned int attr = set_attr(k, arg);

	if (!attr)
		return nf_prefix_arg(arg, rule_addr(p->r, k->attr),
				     &p->r->val[k->attr2]);
	if (!arg[1] || strlen(arg + 1) >= SECNET_NF_SET_NAME_LEN)
		return err_invarg(arg, "a set name has 1 to 31 characters");
	strcpy(rule_ifname(p->r, attr), arg + 1);
	return EXIT_OK;
}

int nf_proto_arg(const char *arg, uint64_t *proto)
{
	int name = name_value(&names_ip_proto, arg);

	if (name >= 0)
		*proto = (uint64_t)name;
	else if (!strcmp(arg, "ipv6-icmp"))	/* /etc/protocols' name */
		*proto = IPPROTO_ICMPV6;
	else if (args_uint(arg, UINT8_MAX, proto))
		return err_invarg(arg,
				  "proto must be tcp, udp, udplite, sctp, dccp, icmp, icmpv6, gre, esp, ah or a number from 0 to 255");
	return EXIT_OK;
}

static int parse_proto(struct parse *p, const struct keyword *k,
		       const char *arg)
{
	return nf_proto_arg(arg, &p->r->val[k->attr]);
}

/*
 * Splits "FIRST<sep>SECOND" into @first (of @size) and a pointer to SECOND;
 * without @sep, @first is the whole of @arg and SECOND is NULL.  -1 if FIRST
 * does not fit.
 */
static int split_pair(const char *arg, char sep, char *first, size_t size,
		      const char **second)
{
	const char *at = strchr(arg, sep);
	size_t len = at ? (size_t)(at - arg) : strlen(arg);

	if (len >= size)
		return -1;
	memcpy(first, arg, len);
	first[len] = '\0';
	*second = at ? at + 1 : NULL;
	return 0;
}

/* PORT[-PORT]; a reversed range is the kernel's to refuse, with the line. */
static int parse_ports(struct parse *p, const struct keyword *k,
		       const char *arg)
{
	const char *second;
	uint64_t lo, hi;
	char first[8];

	if (split_pair(arg, '-', first, sizeof(first), &second) ||
	    args_uint(first, UINT16_MAX, &lo) ||
	    (second && args_uint(second, UINT16_MAX, &hi)))
		goto bad;
	p->r->val[k->attr] = lo;
	p->r->val[k->attr2] = second ? hi : lo;
	return EXIT_OK;
bad:
	{
		char why[96];

		snprintf(why, sizeof(why),
			 "%s must be a port from 0 to 65535, or a range LO-HI of them",
			 k->name);
		return err_invarg(arg, why);
	}
}

/* A number, 0xHEX or decimal, at most @max. */
static int hex_number(const char *s, uint64_t max, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		return args_uint(s, max, value);
	if (!isxdigit((unsigned char)s[2]))
		return -1;
	errno = 0;
	v = strtoull(s + 2, &end, 16);
	if (*end || errno || v > max)
		return -1;
	*value = v;
	return 0;
}

/* A flags byte as a number: 0xHH or decimal, at most 0xff. */
static int byte_number(const char *s, uint64_t *value)
{
	return hex_number(s, UINT8_MAX, value);
}

/*
 * NAME[,NAME...] of the bit set @t, or with @number a byte as a number.
 * Returns -1 if @s is neither.
 */
static int bits_value(const char *s, const struct name_table *t, bool number,
		      uint64_t *value)
{
	if (number && isdigit((unsigned char)s[0]))
		return byte_number(s, value);
	*value = 0;
	for (;;) {
		const char *end = strchrnul(s, ',');
		size_t len = (size_t)(end - s);
		char name[32];
		int bit;

		if (len >= sizeof(name))
			return -1;
		memcpy(name, s, len);
		name[len] = '\0';
		bit = name_value(t, name);
		if (bit < 0)
			return -1;
		*value |= 1ULL << bit;
		if (!*end)
			return 0;
		s = end + 1;
	}
}

/* FLAGS[/MASK]: the mask defaults to the flags. */
static int parse_tcp_flags(struct parse *p, const struct keyword *k,
			   const char *arg)
{
	const char *second;
	uint64_t flags, mask;
	char first[64];

	if (split_pair(arg, '/', first, sizeof(first), &second) ||
	    bits_value(first, &names_tcp_flag, true, &flags) ||
	    (second && bits_value(second, &names_tcp_flag, true, &mask)))
		goto bad;
	p->r->val[k->attr] = flags;
	p->r->val[k->attr2] = second ? mask : flags;
	return EXIT_OK;
bad:
	return err_invarg(arg,
			  "tcp-flags must be FLAGS[/MASK], each fin, syn, rst, psh, ack, urg, ece, cwr comma-separated, or a number from 0x00 to 0xff");
}

static int parse_icmp_type(struct parse *p, const struct keyword *k,
			   const char *arg)
{
	if (isdigit((unsigned char)arg[0])) {
		if (args_uint(arg, UINT8_MAX, &p->r->val[k->attr]))
			return err_invarg(arg,
					  "icmp-type must be a name or a number from 0 to 255");
		return EXIT_OK;
	}
	p->icmp_type = arg;
	return EXIT_OK;
}

static int parse_u8(struct parse *p, const struct keyword *k,
		    const char *arg)
{
	if (args_uint(arg, UINT8_MAX, &p->r->val[k->attr])) {
		char why[64];

		snprintf(why, sizeof(why), "%s must be a number from 0 to 255",
			 k->name);
		return err_invarg(arg, why);
	}
	return EXIT_OK;
}

static int parse_ifname(struct parse *p, const struct keyword *k,
			const char *arg)
{
	int ret = dev_name_check(arg);

	if (!ret)
		strcpy(rule_ifname(p->r, k->attr), arg);
	return ret;
}

static int parse_ct_state(struct parse *p, const struct keyword *k,
			  const char *arg)
{
	if (bits_value(arg, &names_nf_ct_state, false, &p->r->val[k->attr]))
		return err_invarg(arg,
				  "ct-state must be new, established, related, invalid, untracked, comma-separated");
	return EXIT_OK;
}

int nf_label_arg(const char *arg, const char *key, uint64_t *value)
{
	const char *err;
	char why[512];
	int bit;

	if (isdigit((unsigned char)arg[0])) {
		if (!args_uint(arg, LABELS_BITS - 1, value))
			return EXIT_OK;
	} else {
		bit = labels_bit(arg);
		if (bit >= 0) {
			*value = (uint64_t)bit;
			return EXIT_OK;
		}
	}
	err = labels_error();
	snprintf(why, sizeof(why),
		 "%s must be a label named in %s or a number from 0 to %d%s%s%s",
		 key, labels_file(), LABELS_BITS - 1, err ? " (" : "",
		 err ?: "", err ? ")" : "");
	return err_invarg(arg, why);
}

static int parse_label(struct parse *p, const struct keyword *k,
		       const char *arg)
{
	return nf_label_arg(arg, k->name, &p->r->val[k->attr]);
}

/* VALUE[/MASK], 32-bit numbers; the mask defaults to all ones. */
static int parse_ct_mark(struct parse *p, const struct keyword *k,
			 const char *arg)
{
	const char *second;
	uint64_t mark, mask = UINT32_MAX;
	char first[16];

	if (split_pair(arg, '/', first, sizeof(first), &second) ||
	    hex_number(first, UINT32_MAX, &mark) ||
	    (second && hex_number(second, UINT32_MAX, &mask)))
		return err_invarg(arg,
				  "ct-mark must be VALUE[/MASK], each a number from 0 to 0xffffffff");
	p->r->val[k->attr] = mark;
	p->r->val[k->attr2] = mask;
	return EXIT_OK;
}

static int parse_mark(struct parse *p, const struct keyword *k,
		      const char *arg)
{
	char why[64];

	if (!hex_number(arg, UINT32_MAX, &p->r->val[k->attr]))
		return EXIT_OK;
	snprintf(why, sizeof(why), "%s must be a number from 0 to 0xffffffff",
		 k->name);
	return err_invarg(arg, why);
}

#define KW(n, a, a2, fn, t) \
	{ n, SECNET_A_NF_RULE_##a, a2, fn, t }
#define KW2(n, a, a2, fn) \
	{ n, SECNET_A_NF_RULE_##a, SECNET_A_NF_RULE_##a2, fn, NULL }

static const struct keyword keywords[] = {
	KW("hook", HOOK, 0, parse_name, &names_nf_hook),
	KW("handle", HANDLE, 0, parse_handle, NULL),
	KW("before", BEFORE, 0, parse_handle, NULL),
	KW("after", AFTER, 0, parse_handle, NULL),
	KW("family", FAMILY, 0, parse_name, &names_nf_family),
	KW2("src", SRC, SRC_LEN, parse_prefix),
	KW2("dst", DST, DST_LEN, parse_prefix),
	KW("proto", PROTO, 0, parse_proto, NULL),
	KW2("sport", SPORT_LO, SPORT_HI, parse_ports),
	KW2("dport", DPORT_LO, DPORT_HI, parse_ports),
	KW2("tcp-flags", TCP_FLAGS, TCP_FLAGS_MASK, parse_tcp_flags),
	KW("icmp-type", ICMP_TYPE, 0, parse_icmp_type, NULL),
	KW("icmp-code", ICMP_CODE, 0, parse_u8, NULL),
	KW("iif", IIF, 0, parse_ifname, NULL),
	KW("oif", OIF, 0, parse_ifname, NULL),
	KW("ct-state", CT_STATE, 0, parse_ct_state, NULL),
	KW("ct-label", CT_LABEL, 0, parse_label, NULL),
	KW2("ct-mark", CT_MARK, CT_MARK_MASK, parse_ct_mark),
	KW("set-label", SET_LABEL, 0, parse_label, NULL),
	KW("set-mark", SET_MARK, 0, parse_mark, NULL),
	KW("action", ACTION, 0, parse_name, &names_nf_action),
};

#define LIM(attr)	NF_HAS(SECNET_A_NF_LIMIT_##attr)

/* Sets member @attr of @l to @v, once. */
static int limit_set(struct nf_limit *l, unsigned int attr, uint64_t v,
		     const char *key, const char *arg)
{
	if (l->has & NF_HAS(attr))
		return err_duparg(key, arg);
	l->has |= NF_HAS(attr);
	l->val[attr] = v;
	return EXIT_OK;
}

/* The value after keyword @key, or NULL after saying it is missing. */
static const char *limit_arg(struct args *a, const char *key)
{
	const char *arg = args_next(a);

	if (!arg)
		err_noval("rule", key);
	return arg;
}

/* "v4len /L", "v6len /L" (the slash optional), and with @max "max N". */
static int parse_per_src(struct args *a, struct nf_limit *l, bool max)
{
	const char *key, *arg;
	unsigned int attr;
	uint64_t v, most;
	char why[64];

	key = args_peek(a);
	if (!key || strcmp(key, "per"))
		return EXIT_OK;
	args_next(a);
	arg = limit_arg(a, "per");
	if (!arg)
		return EXIT_USAGE;
	if (strcmp(arg, "src"))
		return err_invarg(arg, "per must be followed by src");
	if (max)
		l->has |= LIM(PER_SRC);
	while ((key = args_peek(a))) {
		if (!strcmp(key, "v4len")) {
			attr = SECNET_A_NF_LIMIT_V4_LEN;
			most = 32;
		} else if (!strcmp(key, "v6len")) {
			attr = SECNET_A_NF_LIMIT_V6_LEN;
			most = 128;
		} else if (max && !strcmp(key, "max")) {
			attr = SECNET_A_NF_LIMIT_MAX_SOURCES;
			most = UINT32_MAX;
		} else {
			break;
		}
		args_next(a);
		arg = limit_arg(a, key);
		if (!arg)
			return EXIT_USAGE;
		if (args_uint(arg + (attr != SECNET_A_NF_LIMIT_MAX_SOURCES &&
				     arg[0] == '/'), most, &v)) {
			if (attr == SECNET_A_NF_LIMIT_MAX_SOURCES)
				return err_invarg(arg, "max must be a number of sources");
			snprintf(why, sizeof(why),
				 "%s must be a prefix length from /0 to /%u", key,
				 (unsigned int)most);
			return err_invarg(arg, why);
		}
		if (limit_set(l, attr, v, key, arg))
			return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* N/PERIOD into RATE and PERIOD. */
static int parse_rate(const char *arg, struct nf_limit *l)
{
	const char *period;
	char num[24];
	int v = -1;

	if (split_pair(arg, '/', num, sizeof(num), &period) || !period ||
	    args_uint(num, UINT64_MAX, &l->val[SECNET_A_NF_LIMIT_RATE]) ||
	    (v = name_value(&names_nf_limit_period, period)) < 0)
		return err_invarg(arg,
				  "rate must be N/second, N/minute, N/hour or N/day");
	l->has |= LIM(RATE) | LIM(PERIOD);
	l->val[SECNET_A_NF_LIMIT_PERIOD] = (uint64_t)v;
	return EXIT_OK;
}

/*
 * limit rate [ over ] N/PERIOD [ burst B ] [ packets | bytes ]
 *	[ per src [ v4len /L ] [ v6len /L ] [ max N ] ]
 */
static int parse_limit(struct args *a, struct nf_rule *r)
{
	struct nf_limit *l = &r->limit;
	const char *arg, *key;
	uint64_t b;
	int v;

	arg = limit_arg(a, "limit");
	if (!arg)
		return EXIT_USAGE;
	if (strcmp(arg, "rate"))
		return err_invarg(arg, "limit must be followed by rate");
	arg = limit_arg(a, "rate");
	if (arg && !strcmp(arg, "over")) {
		l->has |= LIM(OVER);
		arg = limit_arg(a, "over");
	}
	if (!arg)
		return EXIT_USAGE;
	if (parse_rate(arg, l))
		return EXIT_USAGE;
	while ((key = args_peek(a))) {
		if (!strcmp(key, "burst")) {
			args_next(a);
			arg = limit_arg(a, key);
			if (!arg)
				return EXIT_USAGE;
			if (args_uint(arg, UINT64_MAX, &b))
				return err_invarg(arg, "burst must be a number");
			if (limit_set(l, SECNET_A_NF_LIMIT_BURST, b, key, arg))
				return EXIT_USAGE;
		} else if ((v = name_value(&names_nf_limit_unit, key)) >= 0) {
			args_next(a);
			if (limit_set(l, SECNET_A_NF_LIMIT_UNIT, (uint64_t)v,
				      "unit", key))
				return EXIT_USAGE;
		} else {
			break;
		}
	}
	return parse_per_src(a, l, true);
}

/* ct count over N [ per src [ v4len /L ] [ v6len /L ] ] */
static int parse_ct_count(struct args *a, struct nf_rule *r)
{
	struct nf_limit *l = &r->limit;
	const char *arg;

	args_next(a);	/* count */
	arg = limit_arg(a, "count");
	if (!arg)
		return EXIT_USAGE;
	if (strcmp(arg, "over"))
		return err_invarg(arg, "count must be followed by over");
	arg = limit_arg(a, "over");
	if (!arg)
		return EXIT_USAGE;
	if (args_uint(arg, UINT32_MAX, &l->val[SECNET_A_NF_LIMIT_COUNT]))
		return err_invarg(arg,
				  "ct count over must be a number of connections");
	l->has |= LIM(COUNT);
	return parse_per_src(a, l, false);
}

/* A LIMIT or CT_COUNT clause, if @key starts one: 1 if not. */
static int parse_stateful(struct args *a, const char *key, struct nf_rule *r)
{
	unsigned int attr;
	int ret;

	if (!strcmp(key, "limit"))
		attr = SECNET_A_NF_RULE_LIMIT;
	else if (!strcmp(key, "ct") && args_peek(a) &&
		 !strcmp(args_peek(a), "count"))
		attr = SECNET_A_NF_RULE_CT_COUNT;
	else
		return 1;
	if (r->has & (NF_HAS(SECNET_A_NF_RULE_LIMIT) |
		      NF_HAS(SECNET_A_NF_RULE_CT_COUNT)))
		return err_msg("a rule has one limit or ct count, not more");
	ret = attr == SECNET_A_NF_RULE_LIMIT ? parse_limit(a, r) :
					       parse_ct_count(a, r);
	r->has |= NF_HAS(attr);
	return ret;
}

/* The ICMP type names that go with the rule's protocol, if any. */
static const struct name_table *icmp_names(const struct nf_rule *r)
{
	if (!(r->has & NF_HAS(SECNET_A_NF_RULE_PROTO)))
		return NULL;
	switch (r->val[SECNET_A_NF_RULE_PROTO]) {
	case IPPROTO_ICMP:
		return &names_icmp_type;
	case IPPROTO_ICMPV6:
		return &names_icmpv6_type;
	}
	return NULL;
}

static int icmp_type_name(struct parse *p)
{
	const struct name_table *t = icmp_names(p->r);
	int v = t ? name_value(t, p->icmp_type) : -1;
	char head[96];

	if (v >= 0) {
		p->r->val[SECNET_A_NF_RULE_ICMP_TYPE] = (uint64_t)v;
		return EXIT_OK;
	}
	if (!t)
		return err_invarg(p->icmp_type,
				  "an icmp-type name needs proto icmp or icmpv6");
	snprintf(head, sizeof(head),
		 "icmp-type with proto %s must be a number from 0 to 255 or one of",
		 name_of(&names_ip_proto, p->r->val[SECNET_A_NF_RULE_PROTO]));
	return bad_name(p->icmp_type, head, t);
}

int nf_rule_parse(struct args *a, struct nf_rule *r, bool file,
		  const char *object)
{
	struct parse p = { .r = r };
	int ret;

	memset(r, 0, sizeof(*r));
	while (args_peek(a)) {
		const char *key = args_next(a), *arg;
		const struct keyword *k = NULL;
		size_t i;

		ret = parse_stateful(a, key, r);
		if (ret == EXIT_OK)
			continue;
		if (ret != 1)
			return ret;
		/* The one keyword without a value. */
		if (!strcmp(key, "log")) {
			if (r->has & NF_HAS(SECNET_A_NF_RULE_LOG))
				return err_msg("duplicate argument \"log\"");
			r->has |= NF_HAS(SECNET_A_NF_RULE_LOG);
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(keywords) && !k; i++)
			if (!strcmp(key, keywords[i].name))
				k = &keywords[i];
		if (!k)
			return err_unexpected(object, key);
		/* A file gives the rules in their order. */
		if (file && (k->attr == SECNET_A_NF_RULE_BEFORE ||
			     k->attr == SECNET_A_NF_RULE_AFTER))
			return err_msg("\"%s\" is not allowed in a ruleset file",
				       key);
		arg = args_next(a);
		if (!arg)
			return err_noval(object, key);
		if ((r->has & NF_HAS(k->attr)) ||
		    (k->parse == parse_prefix &&
		     (r->has & NF_HAS(set_attr(k, "@")))))
			return err_duparg(key, arg);
		ret = k->parse(&p, k, arg);
		if (ret)
			return ret;
		if (k->parse == parse_prefix && set_attr(k, arg))
			r->has |= NF_HAS(set_attr(k, arg));
		else
			r->has |= NF_HAS(k->attr) |
				  (k->attr2 ? NF_HAS(k->attr2) : 0);
	}
	if (!(r->has & NF_HAS(SECNET_A_NF_RULE_HOOK)))
		return err_missarg("hook");
	if (!(r->has & NF_HAS(SECNET_A_NF_RULE_ACTION)))
		return err_missarg("action");
	if ((r->has & NF_HAS(SECNET_A_NF_RULE_BEFORE)) &&
	    (r->has & NF_HAS(SECNET_A_NF_RULE_AFTER)))
		return err_msg("\"before\" and \"after\" exclude each other");
	return p.icmp_type ? icmp_type_name(&p) : EXIT_OK;
}

/* Puts @v as attribute @attr if @type is an integer or a flag: true. */
static bool put_scalar(struct nlmsghdr *nlh, enum attr_type type,
		       unsigned int attr, uint64_t v)
{
	switch (type) {
	case ATTR_U8:
		nl_put_u8(nlh, (uint16_t)attr, (uint8_t)v);
		return true;
	case ATTR_U16:
		nl_put_u16(nlh, (uint16_t)attr, (uint16_t)v);
		return true;
	case ATTR_U32:
		nl_put_u32(nlh, (uint16_t)attr, (uint32_t)v);
		return true;
	case ATTR_U64:
		nl_put_bin(nlh, (uint16_t)attr, &v, sizeof(v));
		return true;
	case ATTR_FLAG:
		nl_put_bin(nlh, (uint16_t)attr, &v, 0);
		return true;
	default:
		return false;
	}
}

/*
 * The members of a LIMIT or CT_COUNT nest, those of a request (SRC,
 * SOURCES and DROPS are the kernel's: a request never has them).
 */
static void limit_put(struct nlmsghdr *nlh, const struct nf_limit *l)
{
	unsigned int attr;

	for (attr = 1; attr <= SECNET_A_NF_LIMIT_MAX; attr++)
		if (l->has & NF_HAS(attr))
			put_scalar(nlh, attrs_nf_limit.attrs[attr].type, attr,
				   l->val[attr]);
}

void nf_rule_put(struct nlmsghdr *nlh, const struct nf_rule *r)
{
	struct nlattr *nest;
	unsigned int attr;

	for (attr = 1; attr <= SECNET_A_NF_RULE_MAX; attr++) {
		uint64_t v = r->val[attr];

		if (!(r->has & NF_HAS(attr)))
			continue;
		switch (attrs_nf_rule.attrs[attr].type) {
		case ATTR_BINARY:
			nl_put_bin(nlh, (uint16_t)attr,
				   rule_addr_const(r, attr)->bytes,
				   rule_addr_const(r, attr)->len);
			break;
		case ATTR_STRING:
			nl_put_str(nlh, (uint16_t)attr,
				   rule_ifname_const(r, attr));
			break;
		case ATTR_NEST:
			nest = nl_nest_start(nlh, (uint16_t)attr);
			limit_put(nlh, &r->limit);
			nl_nest_end(nlh, nest);
			break;
		case ATTR_U64:
			/* The counters: the kernel's, never requested. */
			break;
		default:
			put_scalar(nlh, attrs_nf_rule.attrs[attr].type, attr, v);
		}
	}
}

/* SRC or DST of a reply, and its prefix length (the whole one if absent). */
static int get_prefix(struct nf_rule *r, const struct attr_set *set,
		      unsigned int attr, unsigned int len_attr)
{
	struct nf_addr *a = rule_addr(r, attr);

	if (!(r->has & NF_HAS(attr)))
		return 0;
	if (!(r->has & NF_HAS(len_attr))) {
		r->val[len_attr] = a->len * 8U;
		r->has |= NF_HAS(len_attr);
	}
	if (r->val[len_attr] > a->len * 8U)
		return nl_malformed(set, len_attr);
	return 0;
}

/* A LIMIT or CT_COUNT nest into @l; -1 after reporting a malformed one. */
static int limit_get(const struct nlattr *nest, struct nf_limit *l)
{
	const struct nlattr *tb[SECNET_A_NF_LIMIT_MAX + 1];
	unsigned int attr;

	if (nl_parse_nest(nest, &attrs_nf_limit, tb))
		return -1;
	for (attr = 1; attr <= SECNET_A_NF_LIMIT_MAX; attr++) {
		const struct nlattr *a = tb[attr];

		if (!a)
			continue;
		switch (attrs_nf_limit.attrs[attr].type) {
		case ATTR_U8:
			l->val[attr] = nl_attr_u8(a);
			break;
		case ATTR_U32:
			l->val[attr] = nl_attr_u32(a);
			break;
		case ATTR_U64:
			l->val[attr] = nl_attr_u64(a);
			break;
		case ATTR_FLAG:
			break;
		case ATTR_BINARY:
			l->src.len = (uint8_t)nl_attr_len(a);
			if (l->src.len != 4 && l->src.len != 16)
				return nl_malformed(&attrs_nf_limit, attr);
			memcpy(l->src.bytes, nl_attr_data(a), l->src.len);
			break;
		default:
			continue;
		}
		l->has |= NF_HAS(attr);
	}
	return 0;
}

int nf_rule_get(const struct nlattr *nest, const struct attr_set *set,
		uint64_t required, struct nf_rule *r)
{
	const struct nlattr *tb[SECNET_A_NF_RULE_MAX + 1];
	unsigned int attr;

	memset(r, 0, sizeof(*r));
	if (nl_parse_nest(nest, set, tb))
		return -1;
	for (attr = 1; attr <= SECNET_A_NF_RULE_MAX; attr++) {
		const struct nlattr *a = tb[attr];
		struct nf_addr *addr;
		const char *name;

		if ((required & NF_HAS(attr)) && nl_require(tb, set, attr))
			return -1;
		if (!a)
			continue;
		switch (set->attrs[attr].type) {
		case ATTR_U8:
			r->val[attr] = nl_attr_u8(a);
			break;
		case ATTR_U16:
			r->val[attr] = nl_attr_u16(a);
			break;
		case ATTR_U32:
			r->val[attr] = nl_attr_u32(a);
			break;
		case ATTR_U64:
			r->val[attr] = nl_attr_u64(a);
			break;
		case ATTR_BINARY:
			addr = rule_addr(r, attr);
			addr->len = (uint8_t)nl_attr_len(a);
			if (addr->len != 4 && addr->len != 16)
				return nl_malformed(set, attr);
			memcpy(addr->bytes, nl_attr_data(a), addr->len);
			break;
		case ATTR_STRING:
			name = nl_attr_str(a);
			if (strlen(name) >= rule_str_size(attr))
				return nl_malformed(set, attr);
			strcpy(rule_ifname(r, attr), name);
			break;
		case ATTR_NEST:
			if (limit_get(a, &r->limit))
				return -1;
			break;
		case ATTR_FLAG:
			break;
		default:
			continue;
		}
		r->has |= NF_HAS(attr);
	}
	if (get_prefix(r, set, SECNET_A_NF_RULE_SRC,
		       SECNET_A_NF_RULE_SRC_LEN) ||
	    get_prefix(r, set, SECNET_A_NF_RULE_DST,
		       SECNET_A_NF_RULE_DST_LEN))
		return -1;
	return 0;
}

static bool rule_has(const struct nf_rule *r, unsigned int attr)
{
	return r->has & NF_HAS(attr);
}

/* Text: ADDRESS, with /LEN only if not the whole address; JSON: always. */
static void print_prefix(const struct nf_rule *r, unsigned int attr,
			 unsigned int len_attr, const char *key,
			 const char *fmt)
{
	const struct nf_addr *a = rule_addr_const(r, attr);
	char buf[INET6_ADDRSTRLEN + 4];
	size_t len;

	if (!rule_has(r, attr))
		return;
	inet_ntop(a->len == 4 ? AF_INET : AF_INET6, a->bytes, buf,
		  INET6_ADDRSTRLEN);
	len = strlen(buf);
	snprintf(buf + len, sizeof(buf) - len, "/%u",
		 (unsigned int)r->val[len_attr]);
	print_string(PRINT_JSON, key, NULL, buf);
	if (r->val[len_attr] == a->len * 8U)
		buf[len] = '\0';
	print_string(PRINT_FP, NULL, fmt, buf);
}

/* Text: PORT, or LO-HI; JSON: {"min", "max"}. */
static void print_ports(const struct nf_rule *r, unsigned int lo_attr,
			unsigned int hi_attr, const char *key, const char *fmt)
{
	uint64_t lo = r->val[lo_attr], hi = r->val[hi_attr];
	char buf[16];

	if (!rule_has(r, lo_attr) && !rule_has(r, hi_attr))
		return;
	/* One bound alone is a single port. */
	if (!rule_has(r, lo_attr))
		lo = hi;
	else if (!rule_has(r, hi_attr))
		hi = lo;
	if (lo == hi)
		snprintf(buf, sizeof(buf), "%u", (unsigned int)lo);
	else
		snprintf(buf, sizeof(buf), "%u-%u", (unsigned int)lo,
			 (unsigned int)hi);
	print_string(PRINT_FP, NULL, fmt, buf);
	print_open_object(key);
	print_uint(PRINT_JSON, "min", NULL, lo);
	print_uint(PRINT_JSON, "max", NULL, hi);
	print_close_object();
}

/*
 * The text of bit set @value: its names comma-separated, lowest bit first,
 * or if some bit has no name (or none is set), the number.
 */
static void bits_text(char *buf, size_t size, uint64_t value,
		      const struct name_table *t)
{
	size_t len = 0;
	unsigned int bit;

	if (!value || value >> t->count) {
		snprintf(buf, size, "0x%02llx", (unsigned long long)value);
		return;
	}
	buf[0] = '\0';
	for (bit = 0; bit < t->count; bit++)
		if (value & (1ULL << bit))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "", t->names[bit]);
}

/* JSON: an array of the names of the bits set, the value for the unnamed. */
static void bits_json(const char *key, uint64_t value,
		      const struct name_table *t)
{
	unsigned int bit;

	print_open_array(key);
	for (bit = 0; bit < 64; bit++)
		if (value & (1ULL << bit))
			print_enum(PRINT_JSON, NULL, NULL, name_of(t, bit),
				   1ULL << bit);
	print_close_array();
}

/* Text: VALUE, or VALUE/MASK if the mask is not all ones; in hex. */
static void mark_text(char *buf, size_t size, uint64_t mark, uint64_t mask)
{
	if (mask == UINT32_MAX)
		snprintf(buf, size, "0x%" PRIx64, mark);
	else
		snprintf(buf, size, "0x%" PRIx64 "/0x%" PRIx64, mark, mask);
}

void nf_label_text(char *buf, size_t size, uint64_t bit)
{
	const char *name = labels_name((unsigned int)bit);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%" PRIu64, bit);
}

/* JSON: the name where the map has one, else the bit, and the bit. */
static void print_label(const struct nf_rule *r, unsigned int attr,
			const char *key, const char *key_bit, const char *fmt)
{
	char buf[256];

	if (!rule_has(r, attr))
		return;
	nf_label_text(buf, sizeof(buf), r->val[attr]);
	print_string(PRINT_ANY, key, fmt, buf);
	print_uint(PRINT_JSON, key_bit, NULL, r->val[attr]);
}

static void print_ct_meta(const struct nf_rule *r)
{
	uint64_t mask = UINT32_MAX;
	char buf[32];

	print_label(r, SECNET_A_NF_RULE_CT_LABEL, "ct_label", "ct_label_bit",
		    " ct-label %s");
	if (rule_has(r, SECNET_A_NF_RULE_CT_MARK)) {
		if (rule_has(r, SECNET_A_NF_RULE_CT_MARK_MASK))
			mask = r->val[SECNET_A_NF_RULE_CT_MARK_MASK];
		mark_text(buf, sizeof(buf), r->val[SECNET_A_NF_RULE_CT_MARK],
			  mask);
		print_string(PRINT_FP, NULL, " ct-mark %s", buf);
		print_open_object("ct_mark");
		print_uint(PRINT_JSON, "value", NULL,
			   r->val[SECNET_A_NF_RULE_CT_MARK]);
		print_uint(PRINT_JSON, "mask", NULL, mask);
		print_close_object();
	}
	print_label(r, SECNET_A_NF_RULE_SET_LABEL, "set_label", "set_label_bit",
		    " set-label %s");
	if (rule_has(r, SECNET_A_NF_RULE_SET_MARK)) {
		mark_text(buf, sizeof(buf), r->val[SECNET_A_NF_RULE_SET_MARK],
			  UINT32_MAX);
		print_string(PRINT_FP, NULL, " set-mark %s", buf);
		print_uint(PRINT_JSON, "set_mark", NULL,
			   r->val[SECNET_A_NF_RULE_SET_MARK]);
	}
}

/* " per src v4len /L v6len /L", and JSON's members, of @l. */
static void print_per_src(const struct nf_limit *l, bool always)
{
	uint64_t v4 = l->val[SECNET_A_NF_LIMIT_V4_LEN];
	uint64_t v6 = l->val[SECNET_A_NF_LIMIT_V6_LEN];

	if (!(l->has & LIM(V4_LEN)))
		v4 = 32;
	if (!(l->has & LIM(V6_LEN)))
		v6 = 128;
	if (always || v4 != 32 || v6 != 128)
		print_string(PRINT_FP, NULL, " per src", "");
	if (always || v4 != 32)
		print_uint(PRINT_FP, NULL, " v4len /%s", v4);
	if (always || v6 != 128)
		print_uint(PRINT_FP, NULL, " v6len /%s", v6);
	print_uint(PRINT_JSON, "v4len", NULL, v4);
	print_uint(PRINT_JSON, "v6len", NULL, v6);
}

/*
 * Text: the clause as it parses back; JSON: an object "limit" or
 * "ct_count".  The kernel's counts go with @counters.
 */
static void print_limit(const struct nf_rule *r, bool counters)
{
	const struct nf_limit *l = &r->limit;
	const uint64_t *v = l->val;
	bool per_src = l->has & LIM(PER_SRC);
	uint64_t unit = v[SECNET_A_NF_LIMIT_UNIT];
	uint64_t period = SECNET_NF_LIMIT_SECOND;
	char buf[64];

	if (rule_has(r, SECNET_A_NF_RULE_CT_COUNT)) {
		print_open_object("ct_count");
		print_uint(PRINT_ANY, "over", " ct count over %s",
			   v[SECNET_A_NF_LIMIT_COUNT]);
		print_per_src(l, false);
		print_close_object();
		return;
	}
	if (!rule_has(r, SECNET_A_NF_RULE_LIMIT))
		return;
	if (l->has & LIM(PERIOD))
		period = v[SECNET_A_NF_LIMIT_PERIOD];
	print_open_object("limit");
	print_string(PRINT_FP, NULL, " limit rate", "");
	print_bool(PRINT_ANY, "over", " over", l->has & LIM(OVER));
	snprintf(buf, sizeof(buf), "%" PRIu64 "/%s", v[SECNET_A_NF_LIMIT_RATE],
		 name_of(&names_nf_limit_period, period) ?: "?");
	print_string(PRINT_FP, NULL, " %s", buf);
	print_uint(PRINT_JSON, "rate", NULL, v[SECNET_A_NF_LIMIT_RATE]);
	print_enum(PRINT_JSON, "period", NULL,
		   name_of(&names_nf_limit_period, period), period);
	if (l->has & LIM(BURST))
		print_uint(PRINT_ANY, "burst", " burst %s",
			   v[SECNET_A_NF_LIMIT_BURST]);
	if (l->has & LIM(UNIT))
		print_enum(PRINT_ANY, "unit", " %s",
			   name_of(&names_nf_limit_unit, unit), unit);
	print_bool(PRINT_JSON, "per_src", NULL, per_src);
	if (per_src) {
		print_per_src(l, true);
		if (l->has & LIM(MAX_SOURCES))
			print_uint(PRINT_ANY, "max", " max %s",
				   v[SECNET_A_NF_LIMIT_MAX_SOURCES]);
	}
	if (counters && (l->has & LIM(SOURCES)))
		print_uint(PRINT_JSON, "sources", NULL,
			   v[SECNET_A_NF_LIMIT_SOURCES]);
	if (counters && (l->has & LIM(DROPS)))
		print_uint(PRINT_JSON, "drops", NULL, v[SECNET_A_NF_LIMIT_DROPS]);
	print_close_object();
}

/* Text: a limit's counts, after the rule's. */
static void print_limit_counts(const struct nf_rule *r)
{
	const struct nf_limit *l = &r->limit;

	if (!rule_has(r, SECNET_A_NF_RULE_LIMIT))
		return;
	if (l->has & LIM(DROPS))
		print_uint(PRINT_FP, NULL, " limit-drops %s",
			   l->val[SECNET_A_NF_LIMIT_DROPS]);
	if (l->has & LIM(SOURCES))
		print_uint(PRINT_FP, NULL, " limit-sources %s",
			   l->val[SECNET_A_NF_LIMIT_SOURCES]);
}

static void print_tcp_flags(const struct nf_rule *r)
{
	uint64_t flags = r->val[SECNET_A_NF_RULE_TCP_FLAGS];
	uint64_t mask = flags;
	char text[128], mtext[64];

	if (!rule_has(r, SECNET_A_NF_RULE_TCP_FLAGS))
		return;
	if (rule_has(r, SECNET_A_NF_RULE_TCP_FLAGS_MASK))
		mask = r->val[SECNET_A_NF_RULE_TCP_FLAGS_MASK];
	bits_text(text, sizeof(text), flags, &names_tcp_flag);
	if (mask != flags) {
		bits_text(mtext, sizeof(mtext), mask, &names_tcp_flag);
		strcat(text, "/");
		strcat(text, mtext);
	}
	print_string(PRINT_FP, NULL, " tcp-flags %s", text);
	print_open_object("tcp_flags");
	bits_json("flags", flags, &names_tcp_flag);
	bits_json("mask", mask, &names_tcp_flag);
	print_close_object();
}

/*
 * Text shows the family only where no address implies it, so that the
 * line parses back to the same rule; JSON shows it wherever it is known.
 */
static void print_family(const struct nf_rule *r)
{
	const struct nf_addr *a = NULL;
	uint64_t family = r->val[SECNET_A_NF_RULE_FAMILY];

	if (rule_has(r, SECNET_A_NF_RULE_SRC))
		a = &r->src;
	else if (rule_has(r, SECNET_A_NF_RULE_DST))
		a = &r->dst;
	if (rule_has(r, SECNET_A_NF_RULE_FAMILY) &&
	    family != SECNET_NF_FAMILY_ANY)
		print_enum(a ? PRINT_JSON : PRINT_ANY, "family", " family %s",
			   name_of(&names_nf_family, family), family);
	else if (a)
		print_string(PRINT_JSON, "family", NULL,
			     name_of(&names_nf_family, a->len == 4 ?
				     SECNET_NF_FAMILY_IPV4 :
				     SECNET_NF_FAMILY_IPV6));
}

void nf_rule_print(const char *key, const struct nf_rule *r, bool counters)
{
	const uint64_t *v = r->val;
	char buf[64];

	print_open_object(key);
	if (rule_has(r, SECNET_A_NF_RULE_HANDLE))
		print_uint(PRINT_JSON, "handle", NULL,
			   v[SECNET_A_NF_RULE_HANDLE]);
	print_enum(PRINT_ANY, "hook", "hook %s",
		   name_of(&names_nf_hook, v[SECNET_A_NF_RULE_HOOK]),
		   v[SECNET_A_NF_RULE_HOOK]);
	if (rule_has(r, SECNET_A_NF_RULE_HANDLE))
		print_uint(PRINT_FP, NULL, " handle %s",
			   v[SECNET_A_NF_RULE_HANDLE]);
	if (rule_has(r, SECNET_A_NF_RULE_BEFORE))
		print_uint(PRINT_ANY, "before", " before %s",
			   v[SECNET_A_NF_RULE_BEFORE]);
	if (rule_has(r, SECNET_A_NF_RULE_AFTER))
		print_uint(PRINT_ANY, "after", " after %s",
			   v[SECNET_A_NF_RULE_AFTER]);
	print_family(r);
	print_prefix(r, SECNET_A_NF_RULE_SRC, SECNET_A_NF_RULE_SRC_LEN, "src",
		     " src %s");
	print_prefix(r, SECNET_A_NF_RULE_DST, SECNET_A_NF_RULE_DST_LEN, "dst",
		     " dst %s");
	if (rule_has(r, SECNET_A_NF_RULE_SRC_SET))
		print_string(PRINT_ANY, "src_set", " src @%s", r->sset);
	if (rule_has(r, SECNET_A_NF_RULE_DST_SET))
		print_string(PRINT_ANY, "dst_set", " dst @%s", r->dset);
	if (rule_has(r, SECNET_A_NF_RULE_PROTO)) {
		print_enum(PRINT_ANY, "proto", " proto %s",
			   name_of(&names_ip_proto, v[SECNET_A_NF_RULE_PROTO]),
			   v[SECNET_A_NF_RULE_PROTO]);
		/* IP protocol numbers are everyone's: JSON has both. */
		print_uint(PRINT_JSON, "proto_num", NULL,
			   v[SECNET_A_NF_RULE_PROTO]);
	}
	print_ports(r, SECNET_A_NF_RULE_SPORT_LO, SECNET_A_NF_RULE_SPORT_HI,
		    "sport", " sport %s");
	print_ports(r, SECNET_A_NF_RULE_DPORT_LO, SECNET_A_NF_RULE_DPORT_HI,
		    "dport", " dport %s");
	print_tcp_flags(r);
	if (rule_has(r, SECNET_A_NF_RULE_ICMP_TYPE)) {
		const struct name_table *t = icmp_names(r);
		uint64_t type = v[SECNET_A_NF_RULE_ICMP_TYPE];

		print_enum(PRINT_FP, NULL, " icmp-type %s",
			   t ? name_of(t, type) : NULL, type);
		print_uint(PRINT_JSON, "icmp_type", NULL, type);
	}
	if (rule_has(r, SECNET_A_NF_RULE_ICMP_CODE))
		print_uint(PRINT_ANY, "icmp_code", " icmp-code %s",
			   v[SECNET_A_NF_RULE_ICMP_CODE]);
	if (rule_has(r, SECNET_A_NF_RULE_IIF))
		print_string(PRINT_ANY, "iif", " iif %s", r->iif);
	if (rule_has(r, SECNET_A_NF_RULE_OIF))
		print_string(PRINT_ANY, "oif", " oif %s", r->oif);
	if (rule_has(r, SECNET_A_NF_RULE_CT_STATE)) {
		bits_text(buf, sizeof(buf), v[SECNET_A_NF_RULE_CT_STATE],
			  &names_nf_ct_state);
		print_string(PRINT_FP, NULL, " ct-state %s", buf);
		bits_json("ct_state", v[SECNET_A_NF_RULE_CT_STATE],
			  &names_nf_ct_state);
	}
	print_ct_meta(r);
	print_limit(r, counters);
	if (rule_has(r, SECNET_A_NF_RULE_LOG))
		print_bool(PRINT_ANY, "log", " log", true);
	print_enum(PRINT_ANY, "action", " action %s",
		   name_of(&names_nf_action, v[SECNET_A_NF_RULE_ACTION]),
		   v[SECNET_A_NF_RULE_ACTION]);
	if (counters && rule_has(r, SECNET_A_NF_RULE_PACKETS))
		print_uint(PRINT_ANY, "packets", " packets %s",
			   v[SECNET_A_NF_RULE_PACKETS]);
	if (counters && rule_has(r, SECNET_A_NF_RULE_BYTES))
		print_uint(PRINT_ANY, "bytes", " bytes %s",
			   v[SECNET_A_NF_RULE_BYTES]);
	if (counters)
		print_limit_counts(r);
	print_close_object();
}

/* The keyword that gives attribute @attr, or NULL. */
static const struct keyword *attr_keyword(unsigned int attr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].attr == attr || keywords[i].attr2 == attr)
			return &keywords[i];
	return NULL;
}

/* "@k VALUE" as the user would type it, @r's value read back. */
static void keyword_text(const struct nf_rule *r, const struct keyword *k,
			 char *buf, size_t size)
{
	uint64_t v = r->val[k->attr], v2 = k->attr2 ? r->val[k->attr2] : 0;
	const char *name = NULL;
	char val[INET6_ADDRSTRLEN + 64];
	const struct nf_addr *a;
	size_t len;

	snprintf(val, sizeof(val), "%" PRIu64, v);
	if (k->parse == parse_name) {
		name = name_of(k->names, v);
	} else if (k->parse == parse_proto) {
		name = name_of(&names_ip_proto, v);
	} else if (k->parse == parse_icmp_type) {
		name = icmp_names(r) ? name_of(icmp_names(r), v) : NULL;
	} else if (k->parse == parse_ifname) {
		name = rule_ifname_const(r, k->attr);
	} else if (k->parse == parse_ports && v2 != v) {
		snprintf(val, sizeof(val), "%" PRIu64 "-%" PRIu64, v, v2);
	} else if (k->parse == parse_prefix) {
		a = rule_addr_const(r, k->attr);
		inet_ntop(a->len == 4 ? AF_INET : AF_INET6, a->bytes, val,
			  sizeof(val));
		if (v2 != a->len * 8U) {
			len = strlen(val);
			snprintf(val + len, sizeof(val) - len, "/%" PRIu64, v2);
		}
	} else if (k->parse == parse_tcp_flags) {
		bits_text(val, sizeof(val), v, &names_tcp_flag);
		if (v2 != v) {
			len = strlen(val);
			val[len++] = '/';
			bits_text(val + len, sizeof(val) - len, v2,
				  &names_tcp_flag);
		}
	} else if (k->parse == parse_ct_state) {
		bits_text(val, sizeof(val), v, &names_nf_ct_state);
	} else if (k->parse == parse_label) {
		nf_label_text(val, sizeof(val), v);
	} else if (k->parse == parse_ct_mark) {
		mark_text(val, sizeof(val), v,
			  rule_has(r, k->attr2) ? v2 : UINT32_MAX);
	} else if (k->parse == parse_mark) {
		mark_text(val, sizeof(val), v, UINT32_MAX);
	}
	snprintf(buf, size, "%s %s", k->name, name ?: val);
}

/*
 * The rule the kernel blames, in @at: the keyword and value of the
 * attribute at fault into @what, and its line, if it has one.
 */
static void blamed_rule(const struct attr_at *at, char *what, size_t size,
			unsigned int *line)
{
	const struct nlattr *nest = at->nest;
	const struct attr_set *set = at->set;
	const struct keyword *k = NULL;
	struct nf_rule r;

	/* The kernel blames a whole rule of a load for what it cannot hold. */
	if (set == &attrs_nf_load && at->type == SECNET_A_NF_LOAD_RULE) {
		nest = at->attr;
		set = &attrs_nf_load_rule;
	} else if (set == &attrs_nf_rule || set == &attrs_nf_load_rule) {
		k = attr_keyword(at->type);
	} else {
		return;
	}
	if (nf_rule_get(nest, set, 0, &r))
		return;
	if (rule_has(&r, SECNET_A_NF_RULE_LINE))
		*line = (unsigned int)r.val[SECNET_A_NF_RULE_LINE];
	if (k)
		keyword_text(&r, k, what, size);
}

/*
 * The rule of request @req that an error without an attribute is about:
 * that of a "rule add", or the one of a load's part at @line.
 */
static bool request_rule(const struct nlmsghdr *req, unsigned int line,
			 struct nf_rule *r)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *a = NULL;

	if (nl_parse_msg(req, &attrs_top, top))
		return false;
	if (top[SECNET_A_NF_RULE])
		return !nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule, 0, r);
	while (line && top[SECNET_A_NF_LOAD] &&
	       (a = nl_nest_next(top[SECNET_A_NF_LOAD], a)))
		if (nl_attr_type(a) == SECNET_A_NF_LOAD_RULE &&
		    !nf_rule_get(a, &attrs_nf_load_rule, 0, r) &&
		    r->val[SECNET_A_NF_RULE_LINE] == line)
			return true;
	return false;
}

/* The field a message starts with ("handle: ..."), as @r gives it. */
static void named_field(const struct nf_rule *r, const char *msg,
			char *what, size_t size)
{
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(keywords); i++) {
		len = strlen(keywords[i].name);
		if (!strncmp(msg, keywords[i].name, len) && msg[len] == ':' &&
		    rule_has(r, keywords[i].attr)) {
			keyword_text(r, &keywords[i], what, size);
			return;
		}
	}
}

bool nf_explain(const struct nlmsghdr *req, const uint32_t *offs,
		const char *msg, char *buf, size_t size, const void *data)
{
	const char *file = data;
	unsigned int line = 0;
	char what[160] = "";
	struct attr_at at;
	struct nf_rule r;
	size_t len;
	int n = 0;

	/* A load's error starts with the line of the rule at fault. */
	if (sscanf(msg, "line %u: %n", &line, &n) == 1 && n)
		msg += n;
	else
		line = 0;
	if (offs && !attrs_at(req, req->nlmsg_len, *offs, &at))
		blamed_rule(&at, what, sizeof(what), &line);
	else if (!offs && request_rule(req, line, &r))
		named_field(&r, msg, what, sizeof(what));
	/* A member of a limit: its message names the clause already. */
	if (!line && !what[0])
		return offs && at.set == &attrs_nf_limit &&
		       snprintf(buf, size, "%s", msg) >= 0;
	/* The kernel names the field at fault by its keyword: said once. */
	len = strcspn(what, " ");
	if (what[0] && !strncmp(msg, what, len) && !strncmp(msg + len, ": ", 2))
		msg += len + 2;
	len = 0;
	if (line && file)
		len = (size_t)snprintf(buf, size, "%s:%u: ", file, line);
	else if (line)
		len = (size_t)snprintf(buf, size, "line %u: ", line);
	if (what[0] && len < size)
		len += (size_t)snprintf(buf + len, size - len, "%s: ", what);
	if (len < size)
		snprintf(buf + len, size - len, "%s", msg);
	return true;
}
