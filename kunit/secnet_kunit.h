/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the secnet KUnit suites.  Everything they allocate or
 * register is undone when the test case ends, even if it failed halfway.
 */
#ifndef _SECNET_KUNIT_H
#define _SECNET_KUNIT_H

#include <kunit/test.h>
#include <net/genetlink.h>

#include "secnet.h"

struct secnet_subsys *secnet_kunit_subsys(struct kunit *test,
					  const char *fmt, ...)
	__printf(2, 3);
int secnet_kunit_register(struct secnet_subsys *ss);
void secnet_kunit_unregister(struct secnet_subsys *ss);
unsigned int secnet_kunit_count(void);
void secnet_kunit_keep_core_state(struct kunit *test);

struct sk_buff *secnet_kunit_skb(struct kunit *test);
struct sk_buff *secnet_kunit_request(struct kunit *test, u8 cmd);
int secnet_kunit_parse(struct sk_buff *skb, struct nlattr **tb,
		       const struct nla_policy *policy,
		       struct netlink_ext_ack *extack);

/* The extack carries exactly @msg. */
#define SECNET_KUNIT_EXPECT_MSG(test, extack, msg) do {		\
	struct kunit *msg_test = (test);				\
	const char *extack_msg = (extack)->_msg, *want = (msg);	\
								\
	KUNIT_ASSERT_NOT_NULL_MSG(msg_test, extack_msg,		\
				  "no extack message, want %s", want);	\
	KUNIT_EXPECT_STREQ(msg_test, extack_msg, want);		\
} while (0)

#endif /* _SECNET_KUNIT_H */
