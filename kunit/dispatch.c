// SPDX-License-Identifier: GPL-2.0
/*
 * Dispatch: how the family's trampolines resolve a command to a handler, and
 * what they answer when there is none.
 */

#include <net/net_namespace.h>

#include "netlink.h"
#include "secnet_kunit.h"
#include "subsys.h"

static const struct secnet_cmd_ops *op_get(u8 cmd, bool dump,
					   struct secnet_subsys **owner,
					   struct netlink_ext_ack *extack)
{
	const struct secnet_cmd_ops *op;

	memset(extack, 0, sizeof(*extack));
	genl_lock();
	op = secnet_nl_op_get(cmd, dump, owner, extack);
	genl_unlock();
	if (!IS_ERR(op))
		secnet_subsys_put(*owner);
	return op;
}

static void dispatch_core_commands(struct kunit *test)
{
	static const struct {
		u8 cmd;
		bool dump;
	} cases[] = {
		{ SECNET_CMD_GET_VERSION, false },
		{ SECNET_CMD_GET_STATUS, false },
		{ SECNET_CMD_GET_STATUS, true },
		{ SECNET_CMD_SET_SUBSYS, false },
	};
	struct netlink_ext_ack extack;
	const struct secnet_cmd_ops *op;
	struct secnet_subsys *owner;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		owner = NULL;
		op = op_get(cases[i].cmd, cases[i].dump, &owner, &extack);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(op), "case %u", i);
		KUNIT_EXPECT_EQ(test, op->cmd, cases[i].cmd);
		KUNIT_ASSERT_NOT_NULL(test, owner);
		KUNIT_EXPECT_STREQ(test, owner->name, "core");
	}
}

/*
 * The family's operations carry each command's permission, whether or not
 * the module owning it is loaded: genl refuses before any handler runs, and
 * `genl ctrl` shows it.  Only the version and the status are open.
 */
static void dispatch_permissions(struct kunit *test)
{
	unsigned int i;
	bool open;
	u8 cmd;

	KUNIT_ASSERT_EQ(test, ARRAY_SIZE(secnet_nl_ops), SECNET_CMD_MAX);
	for (i = 0; i < ARRAY_SIZE(secnet_nl_ops); i++) {
		cmd = secnet_nl_ops[i].cmd;
		open = cmd == SECNET_CMD_GET_VERSION ||
		       cmd == SECNET_CMD_GET_STATUS ||
		       cmd == SECNET_CMD_SUBSYS_NTF ||
		       cmd == SECNET_CMD_NF_NTF ||
		       cmd == SECNET_CMD_NF_FLOW_NTF;
		KUNIT_EXPECT_EQ_MSG(test, secnet_nl_ops[i].flags,
				    open ? 0 : GENL_UNS_ADMIN_PERM,
				    "command %u", cmd);
	}
}

static void dispatch_refusals(struct kunit *test)
{
	struct netlink_ext_ack extack;
	const struct secnet_cmd_ops *op;
	struct secnet_subsys *owner;

	/* Beyond the family's commands: the genetlink core never asks. */
	op = op_get(SECNET_CMD_MAX + 1, false, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack,
				"command not available: load the secnet module that provides it");

	op = op_get(SECNET_CMD_SUBSYS_NTF, false, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "notification only");

	op = op_get(SECNET_CMD_SUBSYS_NTF, true, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "notification only");

	op = op_get(SECNET_CMD_SET_SUBSYS, true, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "command cannot be dumped");

	op = op_get(SECNET_CMD_GET_VERSION, true, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "command cannot be dumped");
}

static int dump_only(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}

/* Needs a command no loaded module owns; feature commands are. */
static void dispatch_unowned(struct kunit *test)
{
	struct netlink_ext_ack extack;
	const struct secnet_cmd_ops *op;
	struct secnet_cmd_ops *ops;
	struct secnet_subsys *ss, *owner;
	u8 cmd;

	for (cmd = SECNET_CMD_UNSPEC + 1; cmd <= SECNET_CMD_MAX; cmd++) {
		genl_lock();
		op = secnet_subsys_cmd(cmd, &owner);
		genl_unlock();
		if (!op)
			break;
	}
	if (cmd > SECNET_CMD_MAX)
		kunit_skip(test, "every command is owned");

	op = op_get(cmd, false, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack,
				"command not available: load the secnet module that provides it");

	/* Owned, by a dump-only handler. */
	ops = kunit_kzalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	ops->cmd = cmd;
	ops->dumpit = dump_only;
	ss = secnet_kunit_subsys(test, "kunit-dump");
	ss->ops = ops;
	ss->n_ops = 1;
	KUNIT_ASSERT_EQ(test, secnet_kunit_register(ss), 0);
	op = op_get(cmd, true, &owner, &extack);
	KUNIT_EXPECT_PTR_EQ(test, op, (const struct secnet_cmd_ops *)ops);
	op = op_get(cmd, false, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack, "command must be dumped");

	/* Gone again: a dump in progress would now end with this. */
	secnet_kunit_unregister(ss);
	op = op_get(cmd, true, &owner, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -EOPNOTSUPP);
	SECNET_KUNIT_EXPECT_MSG(test, &extack,
				"command not available: load the secnet module that provides it");
}

static struct kunit_case dispatch_cases[] = {
	KUNIT_CASE(dispatch_core_commands),
	KUNIT_CASE(dispatch_permissions),
	KUNIT_CASE(dispatch_refusals),
	KUNIT_CASE(dispatch_unowned),
	{}
};

static struct kunit_suite dispatch_suite = {
	.name = "secnet_dispatch",
	.test_cases = dispatch_cases,
};

kunit_test_suite(dispatch_suite);
