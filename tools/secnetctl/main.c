// SPDX-License-Identifier: GPL-2.0
/*
 * secnetctl: configure and inspect the secnet kernel modules.
 *
 *	secnetctl [ OPTIONS ] OBJECT { COMMAND | help }
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static void usage(FILE *f)
{
	fputs("Usage: secnetctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "where  OBJECT := { version | status | subsys | xfrm | macsec | ktls |\n"
	      "                   rule | ruleset | hook | flow | set | monitor | help }\n"
	      "       OPTIONS := { -j[son] | -p[retty] | -n[etns] NETNS | -s[tats] |\n"
	      "                    -V[ersion] | -h[elp] }\n"
	      "Exit status: 0 success, 1 the request failed, 2 usage error,\n"
	      "             3 secnet is not loaded or speaks another version.\n",
	      f);
}

static int do_help(struct ctx *ctx, struct args *a)
{
	(void)ctx;
	(void)a;
	usage(stdout);
	return EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *ctx, struct args *a);
} objects[] = {
	{ "version",	do_version },
	{ "status",	do_status },
	{ "subsys",	do_subsys },
	{ "xfrm",	do_xfrm },
	{ "macsec",	do_macsec },
	{ "ktls",	do_ktls },
	{ "rule",	do_rule },
	{ "ruleset",	do_ruleset },
	{ "hook",	do_hook },
	{ "flow",	do_flow },
	{ "set",	do_set },
	{ "monitor",	do_monitor },
	{ "help",	do_help },
};

static int netns_check(const char *name)
{
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return err_invarg(name, "not a network namespace name");
	return EXIT_OK;
}

static int bad_option(char **argv, const char *why)
{
	fprintf(stderr, "Error: option \"%s\" %s, try \"secnetctl help\".\n",
		argv[optind - 1], why);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "pretty",	no_argument,		NULL, 'p' },
		{ "netns",	required_argument,	NULL, 'n' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "Version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 },
	};
	struct ctx ctx = { 0 };
	bool json = false, pretty = false;
	struct args a;
	const char *object;
	size_t i;
	int opt, ret;

	/*
	 * "+": options end at the object, as in ip(8).  getopt_long_only()
	 * takes iproute2's "-json" as well as "-j" and "--json".
	 */
	opterr = 0;
	while ((opt = getopt_long_only(argc, argv, "+:jpn:sVh", options,
				       NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 'n':
			ret = netns_check(optarg);
			if (ret)
				return ret;
			ctx.netns = optarg;
			break;
		case 's':
			ctx.stats = true;
			break;
		case 'V':
			printf("secnetctl %s\n", SECNETCTL_VERSION);
			return print_flush() ? EXIT_FAIL : EXIT_OK;
		case 'h':
			usage(stdout);
			return print_flush() ? EXIT_FAIL : EXIT_OK;
		case ':':
			return bad_option(argv, "needs an argument");
		default:
			return bad_option(argv, "is unknown");
		}
	}

	a.argc = argc - optind;
	a.argv = argv + optind;
	object = args_next(&a);
	if (!object) {
		usage(stderr);
		return EXIT_USAGE;
	}
	print_init(json, pretty);
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (!strcmp(object, objects[i].name))
			break;
	if (i == ARRAY_SIZE(objects))
		return err_unknown_object(object);

	ret = objects[i].fn(&ctx, &a);
	nl_close(ctx.nl);
	if (print_flush() && !ret)
		ret = EXIT_FAIL;
	return ret;
}
