// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the parts of secnetctl that need no kernel:
 *   unit attrs		naming the attribute at an extack offset
 *   unit json [pretty]	prints a JSON document of awkward strings, for
 *			tests/cli.sh to check with a real JSON parser
 */
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/secnet.h>

#include "../attrs.h"
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
	print_string(PRINT_FP, "text_only", "%s", "hidden");
	print_string(PRINT_ANY, "key \"quoted\"", "%s", "v");
	print_close_object();
	return print_flush() ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "attrs"))
		return test_attrs();
	if (argc >= 2 && !strcmp(argv[1], "json"))
		return test_json(argc >= 3 && !strcmp(argv[2], "pretty"));
	fprintf(stderr, "usage: unit { attrs | json [ pretty ] }\n");
	return 2;
}
