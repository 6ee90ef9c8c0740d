// SPDX-License-Identifier: GPL-2.0
/*
 * cls-host: secnet's classifier (netfilter/classify.c, with match.c,
 * compiled unchanged against the shim in shim/) on the host's own CPU,
 * against a first-match linear scan over the same rules laid out as
 * iptables lays out a table (linear.c).
 *
 *	cls-host [--runs R] [--cpu C] [--check | --pass cls|linear]
 *		 FAMILY:N:RULES:TRACE[:REF]...
 *
 * Each set is rulegen's secnet ruleset RULES of N rules of FAMILY and its
 * trace TRACE (tools/testing/bench/cls-host.sh makes them).  The rules go
 * into the classifier as a ruleset load puts them (ruleset.c's orders),
 * and into the linear table.  First, every packet of the trace is looked
 * up in both, which must give the same rule (and the one rulegen's own
 * linear scan gives, if REF, its --reference output, is given): any
 * mismatch is printed, and the program exits 1.  That pass also warms the
 * caches.  Then each is timed, in R runs (default 7) that take turns,
 * each of as many passes over the trace as fill about 20 ms of the
 * thread's CPU time, pinned to one CPU (C, default the last this process
 * may use): ns per lookup is the median run's.  Where the host has
 * hardware counters, the runs also count instructions, cycles and cache
 * misses per lookup (user space only).
 *
 * The tables, and the goals met or not, go to stdout; progress to
 * stderr.  --check looks the packets up and compares, no more.  --pass
 * looks each packet up once, by one of the two, in lookup_pass(), and
 * neither compares nor times: callgrind counts that function's
 * instructions (tools/testing/bench/cls-host.sh).
 */

#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linear.h"
#include "perf.h"
#include "rulegen.h"

/* As ruleset.c numbers a chain (SECNET_NF_ORDER_BASE and _STEP). */
#define ORDER_BASE	BIT_ULL(62)
#define ORDER_STEP	BIT_ULL(32)

#define RUN_NS		20000000ULL
#define UPDATES		201
#define MISMATCHES_SHOWN	5
#define FAMILIES_MAX	8

/* The goals (18, item 1), host ns. */
#define GOAL_1K		(1.0 / 10)	/* classifier / linear at 1,000 rules */
#define GOAL_10K	(1.0 / 50)	/* the same at 10,000 */
#define GOAL_SCALE	1.5		/* classifier at 100,000 / at 1,000 */

enum { CLS, LIN, IMPLS };

struct result {
	const char *family;
	unsigned int n;
	unsigned int tables;
	double build_ms;
	/* Bytes per rule: the classifier's allocations, the linear table. */
	double bytes[IMPLS];
	/* One rule inserted, and deleted, in microseconds (medians). */
	double update_us[2];
	double ns[IMPLS];
	/* Per lookup, with perf. */
	double events[IMPLS][PERF_EVENTS];
};

static struct perf_counters counters;
static bool have_counters;
static char counters_why[160];

/*
 * The thread's CPU time: what the lookups cost, less the time other tasks
 * took the CPU from them (the host is shared).
 */
static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cls_lookup(const struct secnet_nf_cls *c,
		      const struct rg_rules *rules,
		      const struct secnet_nf_pkt *p)
{
	const struct secnet_nf_rule *r;
	struct secnet_nf_hit hit;

	rcu_read_lock();
	r = secnet_nf_cls_first(c, p, &hit);
	rcu_read_unlock();
	return r ? (int)(r - rules->r) : -1;
}

struct subject {
	const struct secnet_nf_cls *cls;
	const struct lin_table *lin;
	const struct rg_rules *rules;
	const struct rg_trace *trace;
};

/*
 * @passes over the trace by @impl; the sum of the answers, kept.  Out of
 * line, so that callgrind can count it alone (--pass).
 */
static __attribute__((noinline)) long
lookup_pass(const struct subject *s, int impl, unsigned int passes)
{
	const struct rg_trace *t = s->trace;
	unsigned int i, k;
	long sum = 0;

	for (k = 0; k < passes; k++) {
		if (impl == CLS) {
			for (i = 0; i < t->n; i++)
				sum += cls_lookup(s->cls, s->rules, &t->p[i]);
		} else {
			for (i = 0; i < t->n; i++)
				sum += lin_first(s->lin, &t->p[i]);
		}
	}
	return sum;
}

static void show_packet(const struct secnet_nf_pkt *p)
{
	char src[16], dst[16];

	inet_ntop(AF_INET, &p->src[0], src, sizeof(src));
	inet_ntop(AF_INET, &p->dst[0], dst, sizeof(dst));
	fprintf(stderr, "proto %u %s:%u -> %s:%u flags 0x%02x", p->proto, src,
		p->sport, dst, p->dport, p->tcp_flags);
}

static void show_answer(const char *who, const struct rg_rules *rules, int i)
{
	if (i < 0)
		fprintf(stderr, "%s none", who);
	else
		fprintf(stderr, "%s rule %d (handle %u)", who, i,
			rules->r[i].handle);
}

/* Every packet, by both and @ref (or NULL); the mismatches. */
static unsigned int compare(const struct subject *s, const char *name,
			    const int *ref)
{
	unsigned int i, bad = 0;
	int c, l;

	for (i = 0; i < s->trace->n; i++) {
		c = cls_lookup(s->cls, s->rules, &s->trace->p[i]);
		l = lin_first(s->lin, &s->trace->p[i]);
		if (c == l && (!ref || ref[i] == c))
			continue;
		if (bad++ < MISMATCHES_SHOWN) {
			fprintf(stderr, "MISMATCH %s: packet %u (", name, i);
			show_packet(&s->trace->p[i]);
			fprintf(stderr, "):");
			show_answer(" classifier", s->rules, c);
			show_answer(", linear", s->rules, l);
			if (ref)
				show_answer(", rulegen --reference", s->rules, ref[i]);
			fprintf(stderr, "\n");
		}
	}
	if (bad > MISMATCHES_SHOWN)
		fprintf(stderr, "MISMATCH %s: %u packets in all\n", name, bad);
	return bad;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Times both in @runs runs that take turns; fills @res. */
static void measure(const struct subject *s, unsigned int runs,
		    struct result *res)
{
	uint64_t sum[IMPLS][PERF_EVENTS] = { { 0 } };
	double ns[IMPLS][runs];
	unsigned long long t0, dt;
	unsigned int passes[IMPLS], r, k, e;
	/* The answers, kept: no compiler may drop the lookups. */
	volatile long sink;
	int impl;

	for (impl = 0; impl < IMPLS; impl++) {
		t0 = now_ns();
		sink = lookup_pass(s, impl, 1);
		dt = now_ns() - t0 ?: 1;
		passes[impl] = RUN_NS / dt ?: 1;
	}
	for (r = 0; r < runs; r++) {
		for (k = 0; k < IMPLS; k++) {
			/* Each goes first every other run. */
			impl = (r + k) % IMPLS;
			if (have_counters)
				perf_start(&counters);
			t0 = now_ns();
			sink = lookup_pass(s, impl, passes[impl]);
			dt = now_ns() - t0;
			if (have_counters)
				perf_stop(&counters, sum[impl]);
			ns[impl][r] = (double)dt / passes[impl] / s->trace->n;
		}
	}
	(void)sink;
	for (impl = 0; impl < IMPLS; impl++) {
		res->ns[impl] = median(ns[impl], runs);
		for (e = 0; e < PERF_EVENTS; e++)
			res->events[impl][e] = (double)sum[impl][e] / runs /
					       passes[impl] / s->trace->n;
	}
}

/*
 * One rule inserted into the loaded classifier and taken out again, as
 * `rule add ... before` and `rule delete` change it: a copy of rule k
 * (spread over the set), between k and k + 1 by order.  The medians over
 * UPDATES changes go in @res, in microseconds.
 */
static void measure_updates(struct secnet_nf_cls *cls,
			    const struct rg_rules *rules, struct result *res)
{
	double ins[UPDATES], del[UPDATES];
	struct secnet_nf_rule r;
	unsigned long long t0, t1;
	unsigned int i, k;
	u64 order;

	mutex_lock(&secnet_nf_mutex);
	for (i = 0; i < UPDATES; i++) {
		k = (unsigned int)((u64)i * 7919 % rules->n);
		r = rules->r[k];
		order = ORDER_BASE + (k + 1) * ORDER_STEP + ORDER_STEP / 2;
		t0 = now_ns();
		if (secnet_nf_cls_insert(cls, &r, order)) {
			fprintf(stderr, "cls-host: inserting a copy of rule %u failed\n", k);
			abort();
		}
		t1 = now_ns();
		secnet_nf_cls_remove(cls, &r, order);
		del[i] = (now_ns() - t1) / 1e3;
		ins[i] = (t1 - t0) / 1e3;
	}
	mutex_unlock(&secnet_nf_mutex);
	res->update_us[0] = median(ins, UPDATES);
	res->update_us[1] = median(del, UPDATES);
}

/* FAMILY:N:RULES:TRACE[:REF] into its parts, in place. */
static int parse_set(char *arg, char **part)
{
	unsigned int i;

	for (i = 0; i < 5; i++) {
		part[i] = strsep(&arg, ":");
		if (!part[i])
			break;
	}
	if (i < 4 || arg || !*part[0])
		return -1;
	if (i == 4)
		part[4] = NULL;
	return 0;
}

/*
 * Loads, compares and (unless @check_only) times one set; 0, 1 or -1.
 * With @pass_only (CLS or LIN), loads it and looks its trace up once.
 */
static int run_set(char *arg, bool check_only, int pass_only,
		   unsigned int runs, struct result *res)
{
	struct rg_rules rules;
	struct rg_trace trace;
	struct secnet_nf_cls cls;
	struct lin_table lin;
	struct subject s = { &cls, &lin, &rules, &trace };
	unsigned long long t0;
	size_t bytes0;
	unsigned int i, bad;
	char *part[5], name[64];
	int *ref = NULL, err = -1;

	if (parse_set(arg, part)) {
		fprintf(stderr, "cls-host: %s: not FAMILY:N:RULES:TRACE[:REF]\n", arg);
		return -1;
	}
	res->family = part[0];
	res->n = strtoul(part[1], NULL, 10);
	snprintf(name, sizeof(name), "%s/%s", part[0], part[1]);
	if (rg_read_rules(part[2], &rules))
		return -1;
	if (rules.n != res->n) {
		fprintf(stderr, "cls-host: %s: %u rules, not %u\n", part[2],
			rules.n, res->n);
		goto free_rules;
	}
	if (rg_read_trace(part[3], &trace))
		goto free_rules;
	if (part[4] && rg_read_reference(part[4], trace.n, &ref))
		goto free_trace;
	if (lin_build(&lin, rules.r, rules.n))
		goto free_ref;

	bytes0 = shim_live_bytes();
	secnet_nf_cls_init(&cls);
	t0 = now_ns();
	mutex_lock(&secnet_nf_mutex);
	/* As a ruleset load builds its chains' classifiers. */
	secnet_nf_cls_build_begin(&cls);
	for (i = 0; i < rules.n; i++) {
		if (secnet_nf_cls_insert(&cls, &rules.r[i],
					 ORDER_BASE + (i + 1) * ORDER_STEP)) {
			mutex_unlock(&secnet_nf_mutex);
			fprintf(stderr, "cls-host: %s: inserting rule %u failed\n",
				name, i);
			goto free_cls;
		}
	}
	if (secnet_nf_cls_build_end(&cls)) {
		mutex_unlock(&secnet_nf_mutex);
		fprintf(stderr, "cls-host: %s: building the index failed\n", name);
		goto free_cls;
	}
	mutex_unlock(&secnet_nf_mutex);
	res->build_ms = (now_ns() - t0) / 1e6;
	res->tables = cls.ntables;
	res->bytes[CLS] = (double)(shim_live_bytes() - bytes0) / rules.n;
	res->bytes[LIN] = (double)lin.size / rules.n;

	if (pass_only >= 0) {
		/* The answers, kept: no compiler may drop the lookups. */
		volatile long sink = lookup_pass(&s, pass_only, 1);

		(void)sink;
		err = 0;
		goto free_cls;
	}
	bad = compare(&s, name, ref);
	err = bad ? 1 : 0;
	fprintf(stderr, "cls-host: %s: %u packets, %u tables: %s%s\n", name,
		trace.n, cls.ntables,
		bad ? "MISMATCH" : "classifier = linear",
		bad || !ref ? "" : " = rulegen --reference");
	if (!bad && !check_only) {
		measure(&s, runs, res);
		measure_updates(&cls, &rules, res);
	}

free_cls:
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_cls_destroy(&cls);
	mutex_unlock(&secnet_nf_mutex);
	lin_free(&lin);
free_ref:
	free(ref);
free_trace:
	rg_trace_free(&trace);
free_rules:
	rg_rules_free(&rules);
	return err;
}

static void print_tables(const struct result *res, unsigned int n)
{
	unsigned int i, e;

	printf("\n%-6s %7s %6s %9s %7s %7s %10s %10s %9s %9s %9s\n", "family",
	       "rules", "tables", "build ms", "ins us", "del us", "cls ns",
	       "linear ns", "cls/lin", "cls B/r", "lin B/r");
	for (i = 0; i < n; i++)
		printf("%-6s %7u %6u %9.1f %7.2f %7.2f %10.1f %10.1f %9.4f %9.0f %9.0f\n",
		       res[i].family, res[i].n, res[i].tables, res[i].build_ms,
		       res[i].update_us[0], res[i].update_us[1],
		       res[i].ns[CLS], res[i].ns[LIN],
		       res[i].ns[CLS] / res[i].ns[LIN], res[i].bytes[CLS],
		       res[i].bytes[LIN]);
	printf("ins us, del us: one rule inserted into the loaded classifier and\n"
	       "taken out again (the median of %d), the classifier's part of a\n"
	       "`rule add` and `rule delete`\n", UPDATES);
	printf("B/r: bytes per rule, the classifier's own allocations (its tables,\n"
	       "groups and filters, without the %zu-byte rules they point to) and the\n"
	       "linear table's (entries with their matches inline)\n",
	       sizeof(struct secnet_nf_rule));
	if (!have_counters) {
		printf("\nper lookup, perf counters: not supported on this host (%s)\n",
		       counters_why);
		return;
	}
	printf("\nper lookup (user space):\n%-6s %7s", "family", "rules");
	for (e = 0; e < PERF_EVENTS; e++)
		printf(" %12.12s %12s %9s", perf_event_names[e], "linear", "cls/lin");
	printf("\n");
	for (i = 0; i < n; i++) {
		printf("%-6s %7u", res[i].family, res[i].n);
		for (e = 0; e < PERF_EVENTS; e++) {
			printf(" %12.1f %12.1f", res[i].events[CLS][e],
			       res[i].events[LIN][e]);
			if (res[i].events[LIN][e] > 0)
				printf(" %9.4f", res[i].events[CLS][e] /
						 res[i].events[LIN][e]);
			else
				printf(" %9s", "-");
		}
		printf("\n");
	}
}

static const struct result *find(const struct result *res, unsigned int n,
				 const char *family, unsigned int rules)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(res[i].family, family) && res[i].n == rules)
			return &res[i];
	return NULL;
}

/* One goal's line: @value per family, where both sets were measured. */
static void print_goal(const struct result *res, unsigned int n,
		       const char *const *fams, unsigned int nfams,
		       const char *what, unsigned int a, unsigned int b,
		       bool scale, double goal)
{
	const struct result *x, *y;
	unsigned int f;
	double v;

	printf("%-38s", what);
	for (f = 0; f < nfams; f++) {
		x = find(res, n, fams[f], a);
		y = find(res, n, fams[f], b);
		if (!x || !y) {
			printf(" %-16s", "not measured");
			continue;
		}
		v = scale ? x->ns[CLS] / y->ns[CLS] : x->ns[CLS] / x->ns[LIN];
		printf(" %8.4f %-7s", v, v <= goal ? "met" : "NOT met");
	}
	printf("\n");
}

static void print_goals(const struct result *res, unsigned int n)
{
	const char *fams[FAMILIES_MAX];
	unsigned int i, f, nfams = 0;

	for (i = 0; i < n; i++) {
		for (f = 0; f < nfams && strcmp(fams[f], res[i].family); f++)
			;
		if (f == nfams && nfams < FAMILIES_MAX)
			fams[nfams++] = res[i].family;
	}
	printf("\ngoals (host ns, issue 18 item 1)%6s", "");
	for (f = 0; f < nfams; f++)
		printf(" %-16s", fams[f]);
	printf("\n");
	print_goal(res, n, fams, nfams, "  1,000 rules: cls/lin <= 1/10", 1000,
		   1000, false, GOAL_1K);
	print_goal(res, n, fams, nfams, "  10,000 rules: cls/lin <= 1/50", 10000,
		   10000, false, GOAL_10K);
	print_goal(res, n, fams, nfams, "  cls 100,000 / cls 1,000 <= 1.5", 100000,
		   1000, true, GOAL_SCALE);
}

/* Pins the process to @cpu, or (-1) to the last CPU it may use. */
static int pin(int cpu)
{
	cpu_set_t set;
	int i;

	if (cpu < 0) {
		if (sched_getaffinity(0, sizeof(set), &set))
			return -1;
		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &set))
				cpu = i;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -1 : cpu;
}

static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], *colon;

	snprintf(buf, len, "unknown CPU");
	while (f && fgets(line, sizeof(line), f)) {
		colon = strchr(line, ':');
		if (colon && !strncmp(line, "model name", 10)) {
			snprintf(buf, len, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: cls-host [--runs R] [--cpu C] [--check | --pass cls|linear] %s...\n",
		"FAMILY:N:RULES:TRACE[:REF]");
}

int main(int argc, char **argv)
{
	unsigned int runs = 7, n = 0, i;
	bool check_only = false;
	int pass_only = -1;
	struct result *res;
	int cpu = -1, rc = 0, err;
	char model[128];

	for (i = 1; i < (unsigned int)argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--check")) {
			check_only = true;
		} else if (!strcmp(argv[i], "--pass") && i + 1 < (unsigned int)argc) {
			i++;
			pass_only = !strcmp(argv[i], "cls") ? CLS :
				    !strcmp(argv[i], "linear") ? LIN : -2;
			check_only = true;
			if (pass_only < 0) {
				usage(stderr);
				return 2;
			}
		} else if (!strcmp(argv[i], "--runs") && i + 1 < (unsigned int)argc) {
			runs = strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--cpu") && i + 1 < (unsigned int)argc) {
			cpu = atoi(argv[++i]);
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (i == (unsigned int)argc || !runs || runs > 99) {
		usage(stderr);
		return 2;
	}
	res = calloc(argc - i, sizeof(*res));
	if (!res)
		return 2;
	if (!check_only) {
		cpu = pin(cpu);
		if (cpu < 0) {
			perror("cls-host: sched_setaffinity");
			return 2;
		}
		have_counters = perf_open(&counters, counters_why,
					  sizeof(counters_why));
		cpu_model(model, sizeof(model));
		printf("cls-host: netfilter/classify.c on the host %s\n",
		       "against a first-match linear scan");
		printf("%s, pinned to CPU %d; gcc %s\n", model, cpu, __VERSION__);
		printf("ns per lookup: the median of %u runs, each about %llu ms of CPU time\n",
		       runs, RUN_NS / 1000000);
	}
	for (; i < (unsigned int)argc; i++) {
		err = run_set(argv[i], check_only, pass_only, runs, &res[n]);
		if (err < 0)
			return 2;
		rc |= err;
		n += !err;
		fflush(stdout);
	}
	if (!check_only && n) {
		print_tables(res, n);
		print_goals(res, n);
	}
	if (have_counters)
		perf_close(&counters);
	free(res);
	if (rc)
		fprintf(stderr, "cls-host: %s (MISMATCH above)\n",
			"the classifier and the linear scan disagree");
	return rc;
}
