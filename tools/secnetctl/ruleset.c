// SPDX-License-Identifier: GPL-2.0
/*
 * Ruleset files, as "ruleset show" prints them and "ruleset load" reads
 * them:
 *
 *	# a comment, to the end of the line
 *	policy HOOK { accept | drop }
 *	rule RULE
 *
 * The whole file is parsed before anything is sent: an error on any line
 * leaves the kernel's ruleset as it was.  The load then goes out in parts
 * of up to NL_MSG_SIZE bytes, each holding whole rules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "secnetctl.h"

/* More than any valid line has: each keyword once, with its value. */
#define LINE_WORDS	64

_Static_assert(NL_MSG_SIZE < 65536, "a part's SECNET_A_NF_LOAD nest fits");

static int parse_policy(struct args *a, struct nf_ruleset *rs)
{
	const char *hook = args_next(a), *policy = args_next(a);
	uint8_t h, p;
	int ret;

	if (!hook || !policy)
		return err_noval("ruleset", "policy");
	if (args_peek(a))
		return err_unexpected("ruleset", args_peek(a));
	ret = nf_name_arg(hook, "hook", &names_nf_hook, &h);
	if (!ret)
		ret = nf_name_arg(policy, "policy", &names_nf_policy, &p);
	if (ret)
		return ret;
	if (rs->policy[h])
		return err_msg("a second policy for hook %s", hook);
	rs->policy[h] = p;
	return EXIT_OK;
}

static int parse_rule(struct args *a, unsigned int line,
		      struct nf_ruleset *rs)
{
	struct nf_rule *r;
	int ret;

	if (array_room((void **)&rs->rules, &rs->size, rs->count, sizeof(*r),
		       64))
		return EXIT_FAIL;
	r = &rs->rules[rs->count];
	ret = nf_rule_parse(a, r, true, "ruleset");
	if (ret)
		return ret;
	r->val[SECNET_A_NF_RULE_LINE] = line;
	r->has |= NF_HAS(SECNET_A_NF_RULE_LINE);
	rs->count++;
	return EXIT_OK;
}

/* One line, split into words in place. */
static int parse_line(char *line, unsigned int lineno, struct nf_ruleset *rs)
{
	static const char space[] = " \t\r\n\v\f";
	char *words[LINE_WORDS];
	struct args a = { .argc = 0, .argv = words };
	const char *keyword;
	char *s = line;

	s[strcspn(s, "#")] = '\0';
	for (s += strspn(s, space); *s; s += strspn(s, space)) {
		if (a.argc == LINE_WORDS)
			return err_msg("more than %d words", LINE_WORDS);
		words[a.argc++] = s;
		s += strcspn(s, space);
		if (*s)
			*s++ = '\0';
	}
	if (!a.argc)
		return EXIT_OK;
	keyword = args_next(&a);
	if (!strcmp(keyword, "policy"))
		return parse_policy(&a, rs);
	if (!strcmp(keyword, "rule"))
		return parse_rule(&a, lineno, rs);
	return err_unexpected("ruleset", keyword);
}

const char *nf_ruleset_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

static int read_line(char *line, unsigned int lineno, void *rs)
{
	return parse_line(line, lineno, rs);
}

int nf_ruleset_read(const char *path, struct nf_ruleset *rs)
{
	int ret;

	memset(rs, 0, sizeof(*rs));
	ret = read_lines(path, read_line, rs);
	if (ret)
		nf_ruleset_free(rs);
	return ret;
}

void nf_ruleset_free(struct nf_ruleset *rs)
{
	free(rs->rules);
	memset(rs, 0, sizeof(*rs));
}

bool nf_load_part(struct nlmsghdr *nlh, const struct nf_ruleset *rs,
		  size_t *next)
{
	/* Every part but the last takes at least one rule. */
	bool first = !*next, last;
	struct nlattr *load, *flags, *nest;
	unsigned int hook;

	load = nl_nest_start(nlh, SECNET_A_NF_LOAD);
	/* First, as the kernel reads them; COMMIT is known at the end. */
	flags = nl_put_u32(nlh, SECNET_A_NF_LOAD_FLAGS, 0);
	for (hook = 1; first && hook <= SECNET_NF_HOOK_MAX; hook++) {
		if (!rs->policy[hook])
			continue;
		nest = nl_nest_start(nlh, SECNET_A_NF_LOAD_POLICY);
		nl_put_u8(nlh, SECNET_A_NF_HOOK_HOOK, (uint8_t)hook);
		nl_put_u8(nlh, SECNET_A_NF_HOOK_POLICY, rs->policy[hook]);
		nl_nest_end(nlh, nest);
	}
	while (*next < rs->count &&
	       nlh->nlmsg_len + NF_RULE_ROOM <= NL_MSG_SIZE) {
		nest = nl_nest_start(nlh, SECNET_A_NF_LOAD_RULE);
		nf_rule_put(nlh, &rs->rules[(*next)++]);
		nl_nest_end(nlh, nest);
	}
	last = *next == rs->count;
	nl_set_u32(flags, (first ? SECNET_NF_LOAD_BEGIN : 0) |
			  (last ? SECNET_NF_LOAD_COMMIT : 0));
	nl_nest_end(nlh, load);
	return last;
}
