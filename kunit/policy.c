// SPDX-License-Identifier: GPL-2.0
/*
 * Request validation: real messages built as userspace builds them, parsed
 * with the family's policy as the genetlink core does, then by the core's
 * handlers.  Each refusal is checked for its error, message and attribute.
 */

#include <net/netlink.h>

#include "core.h"
#include "netlink.h"
#include "secnet_kunit.h"
#include "subsys.h"

/* Parses @skb as the family does, then as the handler of @cmd does. */
static int parse_req(struct sk_buff *skb, u8 cmd, struct secnet_core_req *req,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_MAX + 1];
	int err;

	err = secnet_kunit_parse(skb, tb, secnet_nl_policy, extack);
	if (err)
		return err;
	genl_lock();
	err = secnet_core_parse_req(tb, cmd, req, extack);
	genl_unlock();
	return err;
}

/* Parsing @skb as a @cmd request fails with @err, @msg and @bad. */
#define EXPECT_REFUSED(test, skb, cmd, err, msg, bad) do {		\
	struct kunit *refused_test = (test);				\
	struct netlink_ext_ack refused_extack = {};			\
	struct secnet_core_req refused_req;				\
									\
	KUNIT_EXPECT_EQ(refused_test, parse_req(skb, cmd, &refused_req,	\
						&refused_extack), err);	\
	SECNET_KUNIT_EXPECT_MSG(refused_test, &refused_extack, msg);	\
	KUNIT_EXPECT_PTR_EQ(refused_test, refused_extack.bad_attr, bad); \
} while (0)

/* Where the next attribute put in @skb will be. */
static struct nlattr *next_attr(struct sk_buff *skb)
{
	return (struct nlattr *)skb_tail_pointer(skb);
}

/* Opens a SUBSYS nest holding NAME @name and STATE @state unless NULL/-1. */
static struct nlattr *put_subsys(struct kunit *test, struct sk_buff *skb,
				 const char *name, int state)
{
	struct nlattr *nest = nla_nest_start(skb, SECNET_A_SUBSYS);

	KUNIT_ASSERT_NOT_NULL(test, nest);
	if (name)
		KUNIT_ASSERT_EQ(test, nla_put_string(skb, SECNET_A_SUBSYS_NAME,
						     name), 0);
	if (state >= 0)
		KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_SUBSYS_STATE,
						 state), 0);
	return nest;
}

static struct secnet_subsys *core(void)
{
	struct secnet_subsys *ss;

	genl_lock();
	ss = secnet_subsys_find("core");
	genl_unlock();
	return ss;
}

static void policy_accepts(struct kunit *test)
{
	struct secnet_core_req req = {};
	struct netlink_ext_ack extack;
	struct sk_buff *skb;

	skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
	nla_nest_end(skb, put_subsys(test, skb, "core",
				     SECNET_SUBSYS_STATE_DOWN));
	KUNIT_EXPECT_EQ(test, parse_req(skb, SECNET_CMD_SET_SUBSYS, &req,
					&extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	KUNIT_EXPECT_PTR_EQ(test, req.ss, core());
	KUNIT_EXPECT_EQ(test, req.state, SECNET_SUBSYS_STATE_DOWN);

	memset(&req, 0, sizeof(req));
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nla_nest_end(skb, put_subsys(test, skb, "core", -1));
	KUNIT_EXPECT_EQ(test, parse_req(skb, SECNET_CMD_GET_STATUS, &req,
					&extack), 0);
	KUNIT_EXPECT_PTR_EQ(test, req.ss, core());
}

static void policy_unknown_attr(struct kunit *test)
{
	struct nlattr *bad, *nest;
	struct sk_buff *skb;

	/* At the top level: the family rejects it. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nla_nest_end(skb, put_subsys(test, skb, "core", -1));
	bad = nla_nest_start(skb, SECNET_A_MAX + 1);
	nla_nest_end(skb, bad);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "Unknown attribute type", bad);

	/* Inside SUBSYS: the handler's policy rejects it. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nest = put_subsys(test, skb, "core", -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_SUBSYS_MAX + 1, 0), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "Unknown attribute type", bad);
}

/* Attributes of replies are no part of a request. */
static void policy_reply_attr(struct kunit *test)
{
	struct nlattr *bad, *nest;
	struct sk_buff *skb;

	skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
	nest = put_subsys(test, skb, "core", SECNET_SUBSYS_STATE_UP);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_string(skb, SECNET_A_SUBSYS_VERSION,
					     "1"), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_SET_SUBSYS, -EINVAL,
		       "Unsupported attribute", bad);

	/* STATE is SET_SUBSYS's, not GET_STATUS's. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nest = put_subsys(test, skb, "core", -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_SUBSYS_STATE,
					 SECNET_SUBSYS_STATE_UP), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "Unsupported attribute", bad);

	/* A top-level nest the command does not take. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nla_nest_end(skb, put_subsys(test, skb, "core", -1));
	bad = nla_nest_start(skb, SECNET_A_VERSION);
	nla_nest_end(skb, bad);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "attribute not valid in this request", bad);
}

static void policy_wrong_type(struct kunit *test)
{
	struct nlattr *bad, *nest;
	struct sk_buff *skb;

	/* A top-level attribute that is not a nest. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, SECNET_A_SUBSYS, 1), 0);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "NLA_F_NESTED is missing", bad);

	/* STATE as a u32. */
	skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
	nest = put_subsys(test, skb, "core", -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, SECNET_A_SUBSYS_STATE,
					  SECNET_SUBSYS_STATE_UP), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_SET_SUBSYS, -EINVAL,
		       "invalid attribute length", bad);
}

static void policy_bad_name(struct kunit *test)
{
	struct nlattr *bad, *nest;
	struct sk_buff *skb;

	/* SECNET_SUBSYS_NAME_LEN characters: one too many. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nest = put_subsys(test, skb, NULL, -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_string(skb, SECNET_A_SUBSYS_NAME,
					     "kunit-0123456789"), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "Attribute failed policy validation", bad);

	/* No terminating NUL. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nest = put_subsys(test, skb, NULL, -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put(skb, SECNET_A_SUBSYS_NAME, 4, "core"), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -EINVAL,
		       "Attribute failed policy validation", bad);

	/* Well formed, but nobody has that name. */
	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nest = put_subsys(test, skb, NULL, -1);
	bad = next_attr(skb);
	KUNIT_ASSERT_EQ(test, nla_put_string(skb, SECNET_A_SUBSYS_NAME,
					     "kunit-nosuch"), 0);
	nla_nest_end(skb, nest);
	EXPECT_REFUSED(test, skb, SECNET_CMD_GET_STATUS, -ENODEV,
		       "SUBSYS.NAME: no such subsystem", bad);
}

static void policy_state_range(struct kunit *test)
{
	static const u8 bad_states[] = {
		SECNET_SUBSYS_STATE_UNSPEC, SECNET_SUBSYS_STATE_MAX + 1, 255,
	};
	struct secnet_core_req req;
	struct netlink_ext_ack extack;
	struct nlattr *bad, *nest;
	struct sk_buff *skb;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_states); i++) {
		skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
		nest = put_subsys(test, skb, "core", -1);
		bad = next_attr(skb);
		KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_SUBSYS_STATE,
						 bad_states[i]), 0);
		nla_nest_end(skb, nest);
		KUNIT_EXPECT_EQ_MSG(test, parse_req(skb, SECNET_CMD_SET_SUBSYS,
						    &req, &extack),
				    -ERANGE, "state %u", bad_states[i]);
		SECNET_KUNIT_EXPECT_MSG(test, &extack, "integer out of range");
		KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, bad);
	}
}

static void policy_missing(struct kunit *test)
{
	struct secnet_core_req req;
	struct netlink_ext_ack extack;
	struct nlattr *nest;
	struct sk_buff *skb;

	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	KUNIT_EXPECT_EQ(test, parse_req(skb, SECNET_CMD_GET_STATUS, &req,
					&extack), -EINVAL);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "SUBSYS: required");
	KUNIT_EXPECT_NULL(test, extack.miss_nest);
	KUNIT_EXPECT_EQ(test, extack.miss_type, SECNET_A_SUBSYS);

	skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
	nest = put_subsys(test, skb, NULL, SECNET_SUBSYS_STATE_UP);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, parse_req(skb, SECNET_CMD_SET_SUBSYS, &req,
					&extack), -EINVAL);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "SUBSYS.NAME: required");
	KUNIT_EXPECT_PTR_EQ(test, extack.miss_nest, nest);
	KUNIT_EXPECT_EQ(test, extack.miss_type, SECNET_A_SUBSYS_NAME);

	skb = secnet_kunit_request(test, SECNET_CMD_SET_SUBSYS);
	nest = put_subsys(test, skb, "core", -1);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, parse_req(skb, SECNET_CMD_SET_SUBSYS, &req,
					&extack), -EINVAL);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "SUBSYS.STATE: required");
	KUNIT_EXPECT_PTR_EQ(test, extack.miss_nest, nest);
	KUNIT_EXPECT_EQ(test, extack.miss_type, SECNET_A_SUBSYS_STATE);
}

static void policy_trailing(struct kunit *test)
{
	struct nlattr *tb[SECNET_A_MAX + 1];
	struct netlink_ext_ack extack;
	struct sk_buff *skb;

	skb = secnet_kunit_request(test, SECNET_CMD_GET_STATUS);
	nla_nest_end(skb, put_subsys(test, skb, "core", -1));
	/* Shorter than an attribute header. */
	skb_put_zero(skb, NLA_HDRLEN - 1);
	KUNIT_EXPECT_EQ(test, secnet_kunit_parse(skb, tb, secnet_nl_policy,
						 &extack), -EINVAL);
	SECNET_KUNIT_EXPECT_MSG(test, &extack,
				"bytes leftover after parsing attributes");
}

/* GET_VERSION takes no attribute at all. */
static void policy_no_attrs(struct kunit *test)
{
	struct nlattr *tb[SECNET_A_MAX + 1];
	struct netlink_ext_ack extack;
	struct sk_buff *skb;
	struct nlattr *bad;

	skb = secnet_kunit_request(test, SECNET_CMD_GET_VERSION);
	KUNIT_ASSERT_EQ(test, secnet_kunit_parse(skb, tb, secnet_nl_policy,
						 &extack), 0);
	KUNIT_EXPECT_EQ(test, secnet_nl_check_attrs(tb, 0, &extack), 0);

	skb = secnet_kunit_request(test, SECNET_CMD_GET_VERSION);
	bad = put_subsys(test, skb, "core", -1);
	nla_nest_end(skb, bad);
	KUNIT_ASSERT_EQ(test, secnet_kunit_parse(skb, tb, secnet_nl_policy,
						 &extack), 0);
	KUNIT_EXPECT_EQ(test, secnet_nl_check_attrs(tb, 0, &extack), -EINVAL);
	SECNET_KUNIT_EXPECT_MSG(test, &extack,
				"attribute not valid in this request");
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, bad);
}

static struct kunit_case policy_cases[] = {
	KUNIT_CASE(policy_accepts),
	KUNIT_CASE(policy_unknown_attr),
	KUNIT_CASE(policy_reply_attr),
	KUNIT_CASE(policy_wrong_type),
	KUNIT_CASE(policy_bad_name),
	KUNIT_CASE(policy_state_range),
	KUNIT_CASE(policy_missing),
	KUNIT_CASE(policy_trailing),
	KUNIT_CASE(policy_no_attrs),
	{}
};

static struct kunit_suite policy_suite = {
	.name = "secnet_policy",
	.test_cases = policy_cases,
};

kunit_test_suite(policy_suite);
