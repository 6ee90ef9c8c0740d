// SPDX-License-Identifier: GPL-2.0
/*
 * The subsystem registry: what secnet_subsys_register() accepts and refuses,
 * slots, generations, the feature mask and administrative state.
 */

#include <linux/slab.h>
#include <net/net_namespace.h>

#include "core.h"
#include "pernet.h"
#include "secnet_kunit.h"
#include "subsys.h"

static struct secnet_subsys *find(const char *name)
{
	struct secnet_subsys *ss;

	genl_lock();
	ss = secnet_subsys_find(name);
	genl_unlock();
	return ss;
}

static bool set_state(struct secnet_subsys *ss, u8 state)
{
	bool changed;

	genl_lock();
	changed = secnet_core_set_state(&init_net, ss, state);
	genl_unlock();
	return changed;
}

static const struct secnet_cmd_ops *cmd_owner(u8 cmd,
					      struct secnet_subsys **owner)
{
	const struct secnet_cmd_ops *op;

	genl_lock();
	op = secnet_subsys_cmd(cmd, owner);
	genl_unlock();
	return op;
}

static void registry_register_unregister(struct kunit *test)
{
	struct secnet_subsys *ss = secnet_kunit_subsys(test, "kunit-a");
	unsigned int gen = secnet_subsys_generation();

	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	KUNIT_EXPECT_EQ(test, secnet_subsys_generation(), gen + 1);
	KUNIT_EXPECT_PTR_EQ(test, find("kunit-a"), ss);
	KUNIT_EXPECT_LT(test, ss->slot, SECNET_SUBSYS_SLOTS);
	KUNIT_EXPECT_TRUE(test, secnet_subsys_is_up(&init_net, ss));

	secnet_kunit_unregister(ss);
	KUNIT_EXPECT_EQ(test, secnet_subsys_generation(), gen + 2);
	KUNIT_EXPECT_NULL(test, find("kunit-a"));
}

static void registry_duplicate_name(struct kunit *test)
{
	struct secnet_subsys *a = secnet_kunit_subsys(test, "kunit-dup");
	struct secnet_subsys *b = secnet_kunit_subsys(test, "kunit-dup");
	struct secnet_subsys *core = secnet_kunit_subsys(test, "core");
	unsigned int gen;

	KUNIT_ASSERT_EQ(test, secnet_kunit_register(a), 0);
	gen = secnet_subsys_generation();
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(b), -EEXIST);
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(core), -EEXIST);
	/* Refused registrations change nothing. */
	KUNIT_EXPECT_EQ(test, secnet_subsys_generation(), gen);
	KUNIT_EXPECT_PTR_EQ(test, find("kunit-dup"), a);
}

static void registry_names(struct kunit *test)
{
	static const char *const bad[] = {
		"", "Kunit", "kunit a", "kunit.a", "kunit/a", "kunit\n",
		"kunit-0123456789",
	};
	static const char *const good[] = {
		"k", "0", "kunit_a-9", "kunit-012345678",
	};
	struct secnet_subsys *ss;
	unsigned int i;

	/* The longest of each: one too many, and just short enough. */
	KUNIT_ASSERT_EQ(test, strlen(bad[ARRAY_SIZE(bad) - 1]),
			SECNET_SUBSYS_NAME_LEN);
	KUNIT_ASSERT_EQ(test, strlen(good[ARRAY_SIZE(good) - 1]),
			SECNET_SUBSYS_NAME_LEN - 1);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ss = secnet_kunit_subsys(test, "%s", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, secnet_kunit_register(ss), -EINVAL,
				    "name \"%s\"", bad[i]);
	}
	ss = secnet_kunit_subsys(test, "unused");
	ss->name = NULL;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		ss = secnet_kunit_subsys(test, "%s", good[i]);
		KUNIT_EXPECT_EQ_MSG(test, secnet_kunit_register(ss), 0,
				    "name \"%s\"", good[i]);
	}
}

static void registry_versions(struct kunit *test)
{
	struct secnet_subsys *ss;

	ss = secnet_kunit_subsys(test, "kunit-v0");
	ss->version = NULL;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);

	ss = secnet_kunit_subsys(test, "kunit-v1");
	ss->version = "0123456789abcdef0123456789abcdef";
	KUNIT_ASSERT_EQ(test, strlen(ss->version), SECNET_SUBSYS_VERSION_LEN);
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);

	ss = secnet_kunit_subsys(test, "kunit-v2");
	ss->version = "0123456789abcdef0123456789abcde";
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), 0);
}

static int kunit_doit(struct sk_buff *skb, struct genl_info *info)
{
	return 0;
}

static void registry_commands(struct kunit *test)
{
	static const struct secnet_cmd_ops owned[] = {
		{ .cmd = SECNET_CMD_GET_VERSION, .doit = kunit_doit },
	};
	static const struct secnet_cmd_ops zero[] = {
		{ .cmd = SECNET_CMD_UNSPEC, .doit = kunit_doit },
	};
	static const struct secnet_cmd_ops beyond[] = {
		{ .cmd = SECNET_CMD_MAX + 1, .doit = kunit_doit },
	};
	static const struct secnet_cmd_ops twice[] = {
		{ .cmd = SECNET_CMD_GET_STATUS, .doit = kunit_doit },
		{ .cmd = SECNET_CMD_GET_STATUS, .doit = kunit_doit },
	};
	static const struct {
		const struct secnet_cmd_ops *ops;
		unsigned int n_ops;
		int err;
	} cases[] = {
		{ owned, ARRAY_SIZE(owned), -EBUSY },
		{ zero, ARRAY_SIZE(zero), -EINVAL },
		{ beyond, ARRAY_SIZE(beyond), -EINVAL },
		{ twice, ARRAY_SIZE(twice), -EINVAL },
		{ NULL, 1, -EINVAL },
	};
	struct secnet_subsys *ss, *owner = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ss = secnet_kunit_subsys(test, "kunit-cmd%u", i);
		ss->ops = cases[i].ops;
		ss->n_ops = cases[i].n_ops;
		KUNIT_EXPECT_EQ_MSG(test, secnet_kunit_register(ss),
				    cases[i].err, "case %u", i);
	}
	/* The refused claim left GET_VERSION with the core. */
	KUNIT_EXPECT_NOT_NULL(test, cmd_owner(SECNET_CMD_GET_VERSION, &owner));
	KUNIT_EXPECT_PTR_EQ(test, owner, find("core"));
}

/* Commands are routed to their owner only while it is registered. */
static void registry_routing(struct kunit *test)
{
	struct secnet_cmd_ops *ops;
	struct secnet_subsys *ss, *owner = NULL;
	u8 cmd;

	for (cmd = SECNET_CMD_UNSPEC + 1; cmd <= SECNET_CMD_MAX; cmd++)
		if (!cmd_owner(cmd, &owner))
			break;
	if (cmd > SECNET_CMD_MAX)
		kunit_skip(test, "every command is owned");

	ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	ops->cmd = cmd;
	ops->doit = kunit_doit;
	ss = secnet_kunit_subsys(test, "kunit-route");
	ss->ops = ops;
	ss->n_ops = 1;
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	KUNIT_EXPECT_PTR_EQ(test, cmd_owner(cmd, &owner), ops);
	KUNIT_EXPECT_PTR_EQ(test, owner, ss);
	secnet_kunit_unregister(ss);
	KUNIT_EXPECT_NULL(test, cmd_owner(cmd, &owner));
}

static void registry_features(struct kunit *test)
{
	struct secnet_subsys *ss;
	int feature;

	KUNIT_EXPECT_TRUE(test, secnet_subsys_features() &
				BIT_ULL(SECNET_FEATURE_CORE));

	ss = secnet_kunit_subsys(test, "kunit-f0");
	ss->feature = -2;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);
	ss = secnet_kunit_subsys(test, "kunit-f1");
	ss->feature = SECNET_FEATURE_MAX + 1;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);
	ss = secnet_kunit_subsys(test, "kunit-f2");
	ss->feature = SECNET_FEATURE_CORE;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EBUSY);

	for (feature = 0; feature <= SECNET_FEATURE_MAX; feature++)
		if (!(secnet_subsys_features() & BIT_ULL(feature)))
			break;
	if (feature > SECNET_FEATURE_MAX)
		kunit_skip(test, "every feature is provided");

	ss = secnet_kunit_subsys(test, "kunit-f3");
	ss->feature = feature;
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	KUNIT_EXPECT_TRUE(test, secnet_subsys_features() & BIT_ULL(feature));
	secnet_kunit_unregister(ss);
	KUNIT_EXPECT_FALSE(test, secnet_subsys_features() & BIT_ULL(feature));
}

static void kunit_read_counters(struct net *net, u64 *values)
{
}

static void registry_counters(struct kunit *test)
{
	static const char *const dup[] = { "a", "b", "a" };
	static const char *const upper[] = { "Bad" };
	static const char *const long_name[] = {
		"counter-0123456789abcdef01234567",
	};
	static const char *const good[] = {
		"a", "counter-0123456789abcdef0123456",
	};
	static const struct {
		const char *const *names;
		unsigned int n;
		bool read;
		int err;
	} cases[] = {
		{ NULL, 2, true, -EINVAL },
		{ good, ARRAY_SIZE(good), false, -EINVAL },
		{ NULL, 0, true, -EINVAL },
		{ dup, ARRAY_SIZE(dup), true, -EINVAL },
		{ upper, ARRAY_SIZE(upper), true, -EINVAL },
		{ long_name, ARRAY_SIZE(long_name), true, -EINVAL },
		{ good, ARRAY_SIZE(good), true, 0 },
	};
	struct secnet_subsys *ss;
	const char **many;
	unsigned int i;

	/* One character too many, and just short enough. */
	KUNIT_ASSERT_EQ(test, strlen(long_name[0]), SECNET_COUNTER_NAME_LEN);
	KUNIT_ASSERT_EQ(test, strlen(good[1]), SECNET_COUNTER_NAME_LEN - 1);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ss = secnet_kunit_subsys(test, "kunit-cnt%u", i);
		ss->counter_names = cases[i].names;
		ss->n_counters = cases[i].n;
		if (cases[i].read)
			ss->read_counters = kunit_read_counters;
		KUNIT_EXPECT_EQ_MSG(test, secnet_kunit_register(ss),
				    cases[i].err, "case %u", i);
	}

	/* SECNET_COUNTERS_MAX is accepted, one more is not. */
	many = kunit_kcalloc(test, SECNET_COUNTERS_MAX + 1, sizeof(*many),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, many);
	for (i = 0; i <= SECNET_COUNTERS_MAX; i++) {
		many[i] = kunit_kzalloc(test, SECNET_COUNTER_NAME_LEN,
					GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, many[i]);
		snprintf((char *)many[i], SECNET_COUNTER_NAME_LEN, "c%u", i);
	}
	ss = secnet_kunit_subsys(test, "kunit-many0");
	ss->counter_names = many;
	ss->n_counters = SECNET_COUNTERS_MAX + 1;
	ss->read_counters = kunit_read_counters;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), -EINVAL);
	ss = secnet_kunit_subsys(test, "kunit-many1");
	ss->counter_names = many;
	ss->n_counters = SECNET_COUNTERS_MAX;
	ss->read_counters = kunit_read_counters;
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), 0);
}

static void registry_slots_exhausted(struct kunit *test)
{
	unsigned int before = secnet_kunit_count(), n;
	struct secnet_subsys *ss, *last = NULL;
	int err = 0;

	for (n = 0; n < SECNET_SUBSYS_SLOTS; n++) {
		ss = secnet_kunit_subsys(test, "kunit-s%u", n);
		err = secnet_kunit_register(ss);
		if (err)
			break;
		last = ss;
	}
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	KUNIT_EXPECT_EQ(test, before + n, SECNET_SUBSYS_SLOTS);
	KUNIT_ASSERT_NOT_NULL(test, last);

	/* A slot freed is a slot available. */
	secnet_kunit_unregister(last);
	KUNIT_EXPECT_EQ(test, secnet_kunit_register(ss), 0);
}

static void registry_slot_reuse(struct kunit *test)
{
	struct secnet_subsys *a = secnet_kunit_subsys(test, "kunit-a");
	struct secnet_subsys *b = secnet_kunit_subsys(test, "kunit-b");
	unsigned int slot;

	KUNIT_ASSERT_EQ(test, secnet_kunit_register(a), 0);
	slot = a->slot;
	KUNIT_EXPECT_TRUE(test, set_state(a, SECNET_SUBSYS_STATE_DOWN));
	KUNIT_EXPECT_FALSE(test, secnet_subsys_is_up(&init_net, a));
	secnet_kunit_unregister(a);

	/* b gets the lowest free slot, a's, but not the state a left. */
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(b), 0);
	KUNIT_EXPECT_EQ(test, b->slot, slot);
	KUNIT_EXPECT_TRUE(test, secnet_subsys_is_up(&init_net, b));
}

static void registry_state(struct kunit *test)
{
	struct secnet_subsys *ss = secnet_kunit_subsys(test, "kunit-st");
	struct secnet_subsys *core = find("core");

	secnet_kunit_keep_core_state(test);
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	KUNIT_ASSERT_NOT_NULL(test, core);

	KUNIT_EXPECT_FALSE(test, set_state(ss, SECNET_SUBSYS_STATE_UP));
	KUNIT_EXPECT_TRUE(test, set_state(ss, SECNET_SUBSYS_STATE_DOWN));
	KUNIT_EXPECT_FALSE(test, set_state(ss, SECNET_SUBSYS_STATE_DOWN));
	KUNIT_EXPECT_FALSE(test, secnet_subsys_is_up(&init_net, ss));
	KUNIT_EXPECT_TRUE(test, set_state(ss, SECNET_SUBSYS_STATE_UP));
	KUNIT_EXPECT_TRUE(test, secnet_subsys_is_up(&init_net, ss));

	/* "core" down takes the others down, though their own state is up. */
	set_state(core, SECNET_SUBSYS_STATE_DOWN);
	KUNIT_EXPECT_FALSE(test, secnet_subsys_is_up(&init_net, ss));
	KUNIT_EXPECT_TRUE(test, secnet_pernet_slot_up(&init_net, ss->slot));
	set_state(core, SECNET_SUBSYS_STATE_UP);
	KUNIT_EXPECT_TRUE(test, secnet_subsys_is_up(&init_net, ss));
}

/* Where @a, @b and @c come in a walk of the registry, as a 3-digit code. */
static unsigned int walk_order(struct secnet_subsys *a, struct secnet_subsys *b,
			       struct secnet_subsys *c)
{
	struct secnet_subsys *ss, *want[] = { a, b, c };
	unsigned long cursor = 0;
	unsigned int code = 0, i;

	genl_lock();
	while ((ss = secnet_subsys_next(&cursor)))
		for (i = 0; i < ARRAY_SIZE(want); i++)
			if (ss == want[i])
				code = code * 10 + i + 1;
	genl_unlock();
	return code;
}

static void registry_order(struct kunit *test)
{
	struct secnet_subsys *a = secnet_kunit_subsys(test, "kunit-a");
	struct secnet_subsys *b = secnet_kunit_subsys(test, "kunit-b");
	struct secnet_subsys *c = secnet_kunit_subsys(test, "kunit-c");
	struct secnet_subsys *d = secnet_kunit_subsys(test, "kunit-d");
	struct secnet_subsys *ss;
	unsigned long cursor = 0;

	KUNIT_ASSERT_EQ(test, secnet_kunit_register(a), 0);
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(b), 0);
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(c), 0);
	KUNIT_EXPECT_EQ(test, walk_order(a, b, c), 123);

	/* A cursor taken at a survives b leaving. */
	genl_lock();
	while ((ss = secnet_subsys_next(&cursor)) && ss != a)
		;
	genl_unlock();
	KUNIT_ASSERT_PTR_EQ(test, ss, a);
	secnet_kunit_unregister(b);
	genl_lock();
	ss = secnet_subsys_next(&cursor);
	genl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, ss, c);

	/* d takes b's slot but comes last: order is registration order. */
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(d), 0);
	KUNIT_EXPECT_EQ(test, walk_order(a, c, d), 123);
	KUNIT_EXPECT_EQ(test, walk_order(d, c, a), 321);
}

static struct kunit_case registry_cases[] = {
	KUNIT_CASE(registry_register_unregister),
	KUNIT_CASE(registry_duplicate_name),
	KUNIT_CASE(registry_names),
	KUNIT_CASE(registry_versions),
	KUNIT_CASE(registry_commands),
	KUNIT_CASE(registry_routing),
	KUNIT_CASE(registry_features),
	KUNIT_CASE(registry_counters),
	KUNIT_CASE(registry_slots_exhausted),
	KUNIT_CASE(registry_slot_reuse),
	KUNIT_CASE(registry_state),
	KUNIT_CASE(registry_order),
	{}
};

static struct kunit_suite registry_suite = {
	.name = "secnet_registry",
	.test_cases = registry_cases,
};

kunit_test_suite(registry_suite);
