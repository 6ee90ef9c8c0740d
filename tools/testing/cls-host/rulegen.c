// SPDX-License-Identifier: GPL-2.0
/*
 * Reads rulegen's files.  A rule becomes the struct secnet_nf_match that
 * secnetctl's line would, by way of the kernel's netlink parser
 * (netfilter/netlink.c): a family, prefixes kept with their masks,
 * protocol, port ranges, TCP flags.  What rulegen never writes (IPv6,
 * devices, conntrack, sets, limits) is refused, as is a rule the kernel
 * would refuse.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulegen.h"

#define RG_TRACE_MAGIC		"SNBT"
#define RG_TRACE_VERSION	1
#define RG_TRACE_RECORD		16

static const char *const rg_tcp_flags[] = {
	"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
};

/* Where a rule line went wrong, for the messages. */
struct rg_at {
	const char *path;
	unsigned int line;
};

static int rg_fail(const struct rg_at *at, const char *what, const char *word)
{
	fprintf(stderr, "%s:%u: %s%s%s\n", at->path, at->line, what,
		word ? ": " : "", word ?: "");
	return -1;
}

static int rg_number(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	*v = strtoul(s, &end, 0);
	return *end || *v > max ? -1 : 0;
}

/* ADDR/LEN of family IPv4 into @addr, @mask, @len, as the kernel checks it. */
static int rg_prefix(char *s, __be32 *addr, __be32 *mask, u8 *len)
{
	char *slash = strchr(s, '/');
	unsigned long l = 32;

	if (slash) {
		*slash = '\0';
		if (rg_number(slash + 1, 32, &l))
			return -1;
	}
	if (inet_pton(AF_INET, s, &addr[0]) != 1)
		return -1;
	*len = l;
	secnet_nf_prefix_mask(mask, l);
	return addr[0] & ~mask[0] ? -1 : 0;
}

static int rg_ports(const char *s, u16 *lo, u16 *hi)
{
	unsigned long a, b;
	char buf[16];
	char *dash;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (rg_number(buf, U16_MAX, &a) ||
	    rg_number(dash ? dash + 1 : buf, U16_MAX, &b) || b < a)
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

/* A comma-separated list of flag names, "none", or a number. */
static int rg_flag_bits(char *s, u8 *bits)
{
	unsigned long v;
	unsigned int i;
	char *name;

	if (!rg_number(s, U8_MAX, &v)) {
		*bits = v;
		return 0;
	}
	*bits = 0;
	if (!strcmp(s, "none"))
		return 0;
	for (name = strtok(s, ","); name; name = strtok(NULL, ",")) {
		for (i = 0; i < ARRAY_SIZE(rg_tcp_flags); i++)
			if (!strcmp(name, rg_tcp_flags[i]))
				break;
		if (i == ARRAY_SIZE(rg_tcp_flags))
			return -1;
		*bits |= BIT(i);
	}
	return 0;
}

/* FLAGS[/MASK], the mask FLAGS if not given. */
static int rg_tcp_flags_of(char *s, u8 *flags, u8 *mask)
{
	char *slash = strchr(s, '/');

	if (slash)
		*slash = '\0';
	if (rg_flag_bits(s, flags))
		return -1;
	*mask = *flags;
	if (slash && rg_flag_bits(slash + 1, mask))
		return -1;
	return *flags & ~*mask ? -1 : 0;
}

static int rg_proto(const char *s, u8 *proto)
{
	static const struct {
		const char *name;
		u8 proto;
	} names[] = {
		{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
		{ "icmp", IPPROTO_ICMP },
	};
	unsigned long v;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*proto = names[i].proto;
			return 0;
		}
	}
	if (rg_number(s, U8_MAX, &v))
		return -1;
	*proto = v;
	return 0;
}

static int rg_action(const char *s, u8 *action)
{
	if (!strcmp(s, "accept"))
		*action = SECNET_NF_ACTION_ACCEPT;
	else if (!strcmp(s, "drop"))
		*action = SECNET_NF_ACTION_DROP;
	else if (!strcmp(s, "reject"))
		*action = SECNET_NF_ACTION_REJECT;
	else
		return -1;	/* count and continue decide nothing */
	return 0;
}

/* The words after "rule" of one line, as KEY VALUE pairs. */
static int rg_rule(const struct rg_at *at, char *words, struct secnet_nf_rule *r)
{
	struct secnet_nf_match *m = &r->m;
	unsigned long v = 0;
	char *key, *val;
	int err = 0;

	memset(r, 0, sizeof(*r));
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	while ((key = strtok(words, " \t\n"))) {
		words = NULL;
		val = strtok(NULL, " \t\n");
		if (!val)
			return rg_fail(at, "no value after", key);
		if (!strcmp(key, "hook")) {
			if (strcmp(val, "input"))
				err = rg_fail(at, "only hook input is read", val);
		} else if (!strcmp(key, "handle")) {
			if (rg_number(val, U32_MAX, &v) || !v)
				err = rg_fail(at, "bad handle", val);
			r->handle = v;
		} else if (!strcmp(key, "family")) {
			if (strcmp(val, "ipv4"))
				err = rg_fail(at, "only family ipv4 is read", val);
			m->family = SECNET_NF_FAMILY_IPV4;
		} else if (!strcmp(key, "src")) {
			if (rg_prefix(val, m->src, m->smask, &m->src_len))
				err = rg_fail(at, "bad IPv4 prefix", val);
			m->family = SECNET_NF_FAMILY_IPV4;
			m->present |= SECNET_NF_M_SRC;
		} else if (!strcmp(key, "dst")) {
			if (rg_prefix(val, m->dst, m->dmask, &m->dst_len))
				err = rg_fail(at, "bad IPv4 prefix", val);
			m->family = SECNET_NF_FAMILY_IPV4;
			m->present |= SECNET_NF_M_DST;
		} else if (!strcmp(key, "proto")) {
			if (rg_proto(val, &m->proto))
				err = rg_fail(at, "bad protocol", val);
			m->present |= SECNET_NF_M_PROTO;
		} else if (!strcmp(key, "sport")) {
			if (rg_ports(val, &m->sport_lo, &m->sport_hi))
				err = rg_fail(at, "bad port range", val);
			m->present |= SECNET_NF_M_SPORT;
		} else if (!strcmp(key, "dport")) {
			if (rg_ports(val, &m->dport_lo, &m->dport_hi))
				err = rg_fail(at, "bad port range", val);
			m->present |= SECNET_NF_M_DPORT;
		} else if (!strcmp(key, "tcp-flags")) {
			if (rg_tcp_flags_of(val, &m->tcp_flags, &m->tcp_mask))
				err = rg_fail(at, "bad tcp-flags", val);
			m->present |= SECNET_NF_M_TCP_FLAGS;
		} else if (!strcmp(key, "action")) {
			if (rg_action(val, &r->action))
				err = rg_fail(at, "only actions accept, drop and reject are read",
					      val);
		} else {
			err = rg_fail(at, "not a match rulegen writes", key);
		}
		if (err)
			return err;
	}
	if (!r->handle || !r->action)
		return rg_fail(at, "a rule needs a handle and an action", NULL);
	/* The kernel's own conditions (netlink.c). */
	if ((m->present & (SECNET_NF_M_SPORT | SECNET_NF_M_DPORT)) &&
	    (!(m->present & SECNET_NF_M_PROTO) ||
	     (m->proto != IPPROTO_TCP && m->proto != IPPROTO_UDP)))
		return rg_fail(at, "ports need proto tcp or udp", NULL);
	if ((m->present & SECNET_NF_M_TCP_FLAGS) &&
	    (!(m->present & SECNET_NF_M_PROTO) || m->proto != IPPROTO_TCP))
		return rg_fail(at, "tcp-flags need proto tcp", NULL);
	return 0;
}

int rg_read_rules(const char *path, struct rg_rules *rules)
{
	struct rg_at at = { .path = path };
	unsigned int room = 0;
	char *line = NULL;
	size_t len = 0;
	FILE *f;
	int err = 0;

	rules->r = NULL;
	rules->n = 0;
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	while (!err && getline(&line, &len, f) > 0) {
		at.line++;
		if (line[0] == '#' || line[0] == '\n' ||
		    !strncmp(line, "policy ", 7))
			continue;
		if (strncmp(line, "rule ", 5)) {
			err = rg_fail(&at, "not a rule, policy or comment", NULL);
			break;
		}
		if (rules->n == room) {
			room = room ? 2 * room : 1024;
			rules->r = realloc(rules->r, room * sizeof(*rules->r));
			if (!rules->r) {
				err = rg_fail(&at, "out of memory", NULL);
				break;
			}
		}
		err = rg_rule(&at, line + 5, &rules->r[rules->n]);
		rules->n += !err;
	}
	free(line);
	fclose(f);
	if (err)
		rg_rules_free(rules);
	return err;
}

/* A packet as secnet_nfbench.ko builds it and secnet_nf_parse() reads it. */
static void rg_packet(const u8 *rec, struct secnet_nf_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->family = SECNET_NF_FAMILY_IPV4;
	memcpy(&p->src[0], rec, 4);
	memcpy(&p->dst[0], rec + 4, 4);
	p->proto = rec[12];
	switch (p->proto) {
	case IPPROTO_TCP:
		p->tcp_flags = rec[13];
		fallthrough;
	case IPPROTO_UDP:
		p->sport = rec[8] << 8 | rec[9];
		p->dport = rec[10] << 8 | rec[11];
		p->l4 = true;
		break;
	case IPPROTO_ICMP:
		p->icmp_type = 8;	/* echo request */
		p->l4 = true;
		break;
	}
}

static u32 rg_le32(const u8 *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
}

int rg_read_trace(const char *path, struct rg_trace *trace)
{
	u8 head[16], rec[RG_TRACE_RECORD];
	unsigned int i;
	FILE *f;
	int err = -1;

	trace->p = NULL;
	trace->n = 0;
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	if (fread(head, sizeof(head), 1, f) != 1 ||
	    memcmp(head, RG_TRACE_MAGIC, 4) ||
	    rg_le32(head + 4) != RG_TRACE_VERSION ||
	    rg_le32(head + 12) != RG_TRACE_RECORD) {
		fprintf(stderr, "%s: not a version %d trace\n", path,
			RG_TRACE_VERSION);
		goto out;
	}
	trace->n = rg_le32(head + 8);
	trace->p = calloc(trace->n ?: 1, sizeof(*trace->p));
	if (!trace->p) {
		fprintf(stderr, "%s: out of memory\n", path);
		goto out;
	}
	for (i = 0; i < trace->n; i++) {
		if (fread(rec, sizeof(rec), 1, f) != 1) {
			fprintf(stderr, "%s: cut short at packet %u\n", path, i);
			goto out;
		}
		rg_packet(rec, &trace->p[i]);
	}
	err = fgetc(f) == EOF ? 0 : -1;
	if (err)
		fprintf(stderr, "%s: more than the %u packets it announces\n",
			path, trace->n);
out:
	fclose(f);
	if (err)
		rg_trace_free(trace);
	return err;
}

int rg_read_reference(const char *path, unsigned int n, int **ref)
{
	unsigned int i;
	FILE *f;
	int err = 0;

	*ref = calloc(n ?: 1, sizeof(**ref));
	f = fopen(path, "r");
	if (!*ref || !f) {
		perror(path);
		err = -1;
		goto out;
	}
	for (i = 0; i < n && !err; i++)
		if (fscanf(f, "%d", &(*ref)[i]) != 1)
			err = -1;
	if (!err && fscanf(f, "%*d") != EOF)
		err = -1;
	if (err)
		fprintf(stderr, "%s: not %u answers, one a line\n", path, n);
out:
	if (f)
		fclose(f);
	if (err) {
		free(*ref);
		*ref = NULL;
	}
	return err;
}

void rg_rules_free(struct rg_rules *rules)
{
	free(rules->r);
	rules->r = NULL;
	rules->n = 0;
}

void rg_trace_free(struct rg_trace *trace)
{
	free(trace->p);
	trace->p = NULL;
	trace->n = 0;
}
