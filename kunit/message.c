// SPDX-License-Identifier: GPL-2.0
/*
 * Replies and notifications: fill one, parse it back with a policy written
 * from the uapi header (not the core's), and compare with what went in.
 */

#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "core.h"
#include "secnet_kunit.h"
#include "subsys.h"
#include "version.h"

static const struct nla_policy counter_policy[SECNET_A_COUNTER_MAX + 1] = {
	[SECNET_A_COUNTER_PAD] = { .type = NLA_BINARY },
	[SECNET_A_COUNTER_NAME] = { .type = NLA_NUL_STRING,
				    .len = SECNET_COUNTER_NAME_LEN - 1 },
	[SECNET_A_COUNTER_VALUE] = { .type = NLA_U64 },
};

static const struct nla_policy counters_policy[SECNET_A_COUNTERS_MAX + 1] = {
	[SECNET_A_COUNTERS_ENTRY] = NLA_POLICY_NESTED(counter_policy),
};

static const struct nla_policy subsys_policy[SECNET_A_SUBSYS_MAX + 1] = {
	[SECNET_A_SUBSYS_PAD] = { .type = NLA_BINARY },
	[SECNET_A_SUBSYS_NAME] = { .type = NLA_NUL_STRING,
				   .len = SECNET_SUBSYS_NAME_LEN - 1 },
	[SECNET_A_SUBSYS_VERSION] = { .type = NLA_NUL_STRING,
				      .len = SECNET_SUBSYS_VERSION_LEN - 1 },
	[SECNET_A_SUBSYS_FEATURE] = NLA_POLICY_MAX(NLA_U32, SECNET_FEATURE_MAX),
	[SECNET_A_SUBSYS_STATE] = NLA_POLICY_RANGE(NLA_U8,
						   SECNET_SUBSYS_STATE_UP,
						   SECNET_SUBSYS_STATE_DOWN),
	[SECNET_A_SUBSYS_COUNTERS] = NLA_POLICY_NESTED(counters_policy),
	[SECNET_A_SUBSYS_EVENT] = NLA_POLICY_RANGE(NLA_U8,
						   SECNET_SUBSYS_EVENT_ADD,
						   SECNET_SUBSYS_EVENT_CHANGE),
};

static const struct nla_policy version_policy[SECNET_A_VERSION_MAX + 1] = {
	[SECNET_A_VERSION_PAD] = { .type = NLA_BINARY },
	[SECNET_A_VERSION_MODULE] = { .type = NLA_NUL_STRING },
	[SECNET_A_VERSION_GENL] = { .type = NLA_U32 },
	[SECNET_A_VERSION_KERNEL] = { .type = NLA_NUL_STRING },
	[SECNET_A_VERSION_FEATURES] = { .type = NLA_U64 },
};

static const struct nla_policy reply_policy[SECNET_A_MAX + 1] = {
	[SECNET_A_VERSION] = NLA_POLICY_NESTED(version_policy),
	[SECNET_A_SUBSYS] = NLA_POLICY_NESTED(subsys_policy),
};

static const char *const fake_counter_names[] = { "alpha", "beta", "gamma" };
static const u64 fake_counter_values[] = { 1, 1ULL << 40, U64_MAX };

static void fake_read_counters(struct net *net, u64 *values)
{
	memcpy(values, fake_counter_values, sizeof(fake_counter_values));
}

/* Leaves the last value unwritten: the reply must say 0, not leak. */
static void lazy_read_counters(struct net *net, u64 *values)
{
	values[0] = 7;
}

static struct secnet_subsys *fake(struct kunit *test, const char *name,
				  void (*read)(struct net *net, u64 *values))
{
	struct secnet_subsys *ss = secnet_kunit_subsys(test, "%s", name);

	ss->version = "1.2.3-kunit";
	ss->counter_names = fake_counter_names;
	ss->n_counters = ARRAY_SIZE(fake_counter_names);
	ss->read_counters = read;
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	return ss;
}

/*
 * Fills the SUBSYS nest of @ss into a message, checks it took no more than
 * secnet_core_subsys_size() said, and parses it back into @sub.
 */
static void fill_and_parse(struct kunit *test, struct secnet_subsys *ss,
			   u8 event, struct nlattr **sub)
{
	struct sk_buff *skb = secnet_kunit_skb(test);
	struct nlattr *tb[SECNET_A_MAX + 1];
	struct netlink_ext_ack extack;
	unsigned int start;
	void *hdr;
	int err;

	hdr = secnet_msg_put(skb, 0, 0, 0, event ? SECNET_CMD_SUBSYS_NTF :
						   SECNET_CMD_GET_STATUS);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	start = skb->len;
	genl_lock();
	err = secnet_core_fill_subsys(skb, &init_net, ss, event);
	genl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_LE(test, skb->len - start,
			secnet_core_subsys_size(ss, event));
	genlmsg_end(skb, hdr);

	KUNIT_ASSERT_EQ(test, secnet_kunit_parse(skb, tb, reply_policy,
						 &extack), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[SECNET_A_SUBSYS]);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(sub, SECNET_A_SUBSYS_MAX,
					       tb[SECNET_A_SUBSYS],
					       subsys_policy, &extack), 0);
}

/* Compares the COUNTERS nest with @names and @values, in order. */
static void expect_counters(struct kunit *test, const struct nlattr *counters,
			    const char *const *names, const u64 *values,
			    unsigned int n)
{
	struct nlattr *c[SECNET_A_COUNTER_MAX + 1];
	const struct nlattr *entry;
	unsigned int i = 0;
	int rem;

	KUNIT_ASSERT_NOT_NULL(test, counters);
	nla_for_each_nested(entry, counters, rem) {
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_EXPECT_EQ(test, nla_type(entry), SECNET_A_COUNTERS_ENTRY);
		KUNIT_ASSERT_EQ(test, nla_parse_nested(c, SECNET_A_COUNTER_MAX,
						       entry, counter_policy,
						       NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, c[SECNET_A_COUNTER_NAME]);
		KUNIT_ASSERT_NOT_NULL(test, c[SECNET_A_COUNTER_VALUE]);
		KUNIT_EXPECT_STREQ(test, nla_data(c[SECNET_A_COUNTER_NAME]),
				   names[i]);
		KUNIT_EXPECT_EQ(test, nla_get_u64(c[SECNET_A_COUNTER_VALUE]),
				values[i]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, n);
}

static u8 set_state(struct secnet_subsys *ss, u8 state)
{
	genl_lock();
	secnet_core_set_state(&init_net, ss, state);
	genl_unlock();
	return state;
}

static void message_status(struct kunit *test)
{
	struct secnet_subsys *ss = fake(test, "kunit-msg", fake_read_counters);
	struct nlattr *sub[SECNET_A_SUBSYS_MAX + 1];

	fill_and_parse(test, ss, 0, sub);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_NAME]);
	KUNIT_EXPECT_STREQ(test, nla_data(sub[SECNET_A_SUBSYS_NAME]),
			   "kunit-msg");
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_VERSION]);
	KUNIT_EXPECT_STREQ(test, nla_data(sub[SECNET_A_SUBSYS_VERSION]),
			   "1.2.3-kunit");
	/* No feature: no FEATURE attribute, rather than a made-up value. */
	KUNIT_EXPECT_NULL(test, sub[SECNET_A_SUBSYS_FEATURE]);
	KUNIT_EXPECT_NULL(test, sub[SECNET_A_SUBSYS_EVENT]);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_STATE]);
	KUNIT_EXPECT_EQ(test, nla_get_u8(sub[SECNET_A_SUBSYS_STATE]),
			SECNET_SUBSYS_STATE_UP);
	expect_counters(test, sub[SECNET_A_SUBSYS_COUNTERS],
			fake_counter_names, fake_counter_values,
			ARRAY_SIZE(fake_counter_names));

	/* The state is this namespace's. */
	set_state(ss, SECNET_SUBSYS_STATE_DOWN);
	fill_and_parse(test, ss, 0, sub);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_STATE]);
	KUNIT_EXPECT_EQ(test, nla_get_u8(sub[SECNET_A_SUBSYS_STATE]),
			SECNET_SUBSYS_STATE_DOWN);
}

static void message_status_core(struct kunit *test)
{
	static const char *const names[] = { "requests", "errors", "events" };
	struct nlattr *sub[SECNET_A_SUBSYS_MAX + 1];
	struct nlattr *c[SECNET_A_COUNTER_MAX + 1];
	struct secnet_subsys *core;
	const struct nlattr *entry;
	unsigned int i = 0;
	int rem;

	genl_lock();
	core = secnet_subsys_find("core");
	genl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, core);
	fill_and_parse(test, core, 0, sub);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_FEATURE]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(sub[SECNET_A_SUBSYS_FEATURE]),
			SECNET_FEATURE_CORE);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_VERSION]);
	KUNIT_EXPECT_STREQ(test, nla_data(sub[SECNET_A_SUBSYS_VERSION]),
			   SECNET_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_COUNTERS]);
	nla_for_each_nested(entry, sub[SECNET_A_SUBSYS_COUNTERS], rem) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(names));
		KUNIT_ASSERT_EQ(test, nla_parse_nested(c, SECNET_A_COUNTER_MAX,
						       entry, counter_policy,
						       NULL), 0);
		KUNIT_EXPECT_STREQ(test, nla_data(c[SECNET_A_COUNTER_NAME]),
				   names[i]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(names));
}

static void message_counters_zeroed(struct kunit *test)
{
	static const u64 want[] = { 7, 0, 0 };
	struct secnet_subsys *ss = fake(test, "kunit-lazy", lazy_read_counters);
	struct nlattr *sub[SECNET_A_SUBSYS_MAX + 1];

	fill_and_parse(test, ss, 0, sub);
	expect_counters(test, sub[SECNET_A_SUBSYS_COUNTERS],
			fake_counter_names, want, ARRAY_SIZE(want));
}

static void message_notification(struct kunit *test)
{
	struct secnet_subsys *ss = fake(test, "kunit-ntf", fake_read_counters);
	struct nlattr *sub[SECNET_A_SUBSYS_MAX + 1];
	struct secnet_subsys *core;

	fill_and_parse(test, ss, SECNET_SUBSYS_EVENT_ADD, sub);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_EVENT]);
	KUNIT_EXPECT_EQ(test, nla_get_u8(sub[SECNET_A_SUBSYS_EVENT]),
			SECNET_SUBSYS_EVENT_ADD);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_NAME]);
	KUNIT_EXPECT_STREQ(test, nla_data(sub[SECNET_A_SUBSYS_NAME]),
			   "kunit-ntf");
	KUNIT_EXPECT_NOT_NULL(test, sub[SECNET_A_SUBSYS_VERSION]);
	KUNIT_EXPECT_NOT_NULL(test, sub[SECNET_A_SUBSYS_STATE]);
	KUNIT_EXPECT_NULL(test, sub[SECNET_A_SUBSYS_FEATURE]);
	/* Notifications carry no counters: reading them may sleep or fail. */
	KUNIT_EXPECT_NULL(test, sub[SECNET_A_SUBSYS_COUNTERS]);

	/* Feature 0 is a feature, not "none". */
	genl_lock();
	core = secnet_subsys_find("core");
	genl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, core);
	fill_and_parse(test, core, SECNET_SUBSYS_EVENT_CHANGE, sub);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_EVENT]);
	KUNIT_EXPECT_EQ(test, nla_get_u8(sub[SECNET_A_SUBSYS_EVENT]),
			SECNET_SUBSYS_EVENT_CHANGE);
	KUNIT_ASSERT_NOT_NULL(test, sub[SECNET_A_SUBSYS_FEATURE]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(sub[SECNET_A_SUBSYS_FEATURE]),
			SECNET_FEATURE_CORE);
	KUNIT_EXPECT_NULL(test, sub[SECNET_A_SUBSYS_COUNTERS]);
}

/* The largest status secnet.h allows fits the size computed for it. */
static void message_largest(struct kunit *test)
{
	struct nlattr *sub[SECNET_A_SUBSYS_MAX + 1];
	struct secnet_subsys *ss;
	struct sk_buff *skb;
	unsigned int i, len;
	char **names;
	void *hdr;
	int err;

	names = kunit_kcalloc(test, SECNET_COUNTERS_MAX, sizeof(*names),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, names);
	for (i = 0; i < SECNET_COUNTERS_MAX; i++) {
		names[i] = kunit_kzalloc(test, SECNET_COUNTER_NAME_LEN,
					 GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, names[i]);
		/* 31 characters, the most a counter name may have. */
		snprintf(names[i], SECNET_COUNTER_NAME_LEN, "%02u-%.*s", i, 28,
			 "padding-padding-padding-padding");
		KUNIT_ASSERT_EQ(test, strlen(names[i]),
				SECNET_COUNTER_NAME_LEN - 1);
	}
	ss = secnet_kunit_subsys(test, "kunit-012345678");
	ss->version = "0123456789abcdef0123456789abcde";
	ss->counter_names = (const char *const *)names;
	ss->n_counters = SECNET_COUNTERS_MAX;
	ss->read_counters = fake_read_counters;
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);

	skb = genlmsg_new(secnet_core_subsys_size(ss, 0), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	hdr = secnet_msg_put(skb, 0, 0, 0, SECNET_CMD_GET_STATUS);
	genl_lock();
	err = hdr ? secnet_core_fill_subsys(skb, &init_net, ss, 0) : -EMSGSIZE;
	genl_unlock();
	len = skb->len;
	nlmsg_free(skb);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_LE(test, len, NLMSG_GOODSIZE);

	fill_and_parse(test, ss, 0, sub);
	KUNIT_EXPECT_NOT_NULL(test, sub[SECNET_A_SUBSYS_COUNTERS]);
}

static void message_version(struct kunit *test)
{
	struct nlattr *tb[SECNET_A_MAX + 1], *v[SECNET_A_VERSION_MAX + 1];
	struct sk_buff *skb = secnet_kunit_skb(test);
	struct netlink_ext_ack extack;
	u64 features;
	void *hdr;

	hdr = secnet_msg_put(skb, 0, 0, 0, SECNET_CMD_GET_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	genl_lock();
	KUNIT_ASSERT_EQ(test, secnet_core_fill_version(skb), 0);
	features = secnet_subsys_features();
	genl_unlock();
	genlmsg_end(skb, hdr);

	KUNIT_ASSERT_EQ(test, secnet_kunit_parse(skb, tb, reply_policy,
						 &extack), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[SECNET_A_VERSION]);
	KUNIT_EXPECT_NULL(test, tb[SECNET_A_SUBSYS]);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(v, SECNET_A_VERSION_MAX,
					       tb[SECNET_A_VERSION],
					       version_policy, &extack), 0);
	KUNIT_ASSERT_NOT_NULL(test, v[SECNET_A_VERSION_MODULE]);
	KUNIT_EXPECT_STREQ(test, nla_data(v[SECNET_A_VERSION_MODULE]),
			   "0.1.0");
	KUNIT_ASSERT_NOT_NULL(test, v[SECNET_A_VERSION_GENL]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(v[SECNET_A_VERSION_GENL]), 2);
	KUNIT_ASSERT_NOT_NULL(test, v[SECNET_A_VERSION_KERNEL]);
	KUNIT_EXPECT_STREQ(test, nla_data(v[SECNET_A_VERSION_KERNEL]),
			   init_utsname()->release);
	KUNIT_ASSERT_NOT_NULL(test, v[SECNET_A_VERSION_FEATURES]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(v[SECNET_A_VERSION_FEATURES]),
			features);
	KUNIT_EXPECT_TRUE(test, nla_get_u64(v[SECNET_A_VERSION_FEATURES]) &
				BIT_ULL(SECNET_FEATURE_CORE));
}

static struct kunit_case message_cases[] = {
	KUNIT_CASE(message_status),
	KUNIT_CASE(message_status_core),
	KUNIT_CASE(message_counters_zeroed),
	KUNIT_CASE(message_notification),
	KUNIT_CASE(message_largest),
	KUNIT_CASE(message_version),
	{}
};

static struct kunit_suite message_suite = {
	.name = "secnet_message",
	.test_cases = message_cases,
};

kunit_test_suite(message_suite);
