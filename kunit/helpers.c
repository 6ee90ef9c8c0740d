// SPDX-License-Identifier: GPL-2.0
/*
 * Test-managed fakes for the secnet suites: subsystems that unregister
 * themselves and messages that free themselves when the test case ends.
 */

#include <kunit/resource.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <net/net_namespace.h>

#include "core.h"
#include "netlink.h"
#include "pernet.h"
#include "secnet_kunit.h"
#include "subsys.h"

struct secnet_kunit_subsys {
	struct secnet_subsys ss;
	bool registered;
	/* Room for names too long to register. */
	char name[2 * SECNET_SUBSYS_NAME_LEN];
};

static int secnet_kunit_subsys_init(struct kunit_resource *res, void *context)
{
	struct secnet_kunit_subsys *sub = kzalloc(sizeof(*sub), GFP_KERNEL);

	res->data = sub;
	return sub ? 0 : -ENOMEM;
}

static void secnet_kunit_subsys_free(struct kunit_resource *res)
{
	struct secnet_kunit_subsys *sub = res->data;

	if (sub->registered)
		secnet_subsys_unregister(&sub->ss);
	kfree(sub);
}

/*
 * A subsystem named after @fmt, with no command, feature or counter.  Only
 * these go to secnet_kunit_register(), which unregisters them at the end.
 */
struct secnet_subsys *secnet_kunit_subsys(struct kunit *test,
					  const char *fmt, ...)
{
	struct secnet_kunit_subsys *sub;
	va_list args;

	sub = kunit_alloc_resource(test, secnet_kunit_subsys_init,
				   secnet_kunit_subsys_free, GFP_KERNEL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, sub);
	va_start(args, fmt);
	vsnprintf(sub->name, sizeof(sub->name), fmt, args);
	va_end(args);
	sub->ss.name = sub->name;
	sub->ss.version = "kunit";
	sub->ss.feature = -1;
	sub->ss.owner = THIS_MODULE;
	return &sub->ss;
}

int secnet_kunit_register(struct secnet_subsys *ss)
{
	struct secnet_kunit_subsys *sub;
	int err;

	sub = container_of(ss, struct secnet_kunit_subsys, ss);
	err = secnet_subsys_register(ss);
	sub->registered = !err;
	return err;
}

void secnet_kunit_unregister(struct secnet_subsys *ss)
{
	container_of(ss, struct secnet_kunit_subsys, ss)->registered = false;
	secnet_subsys_unregister(ss);
}

/* Subsystems registered now, the core and any loaded module included. */
unsigned int secnet_kunit_count(void)
{
	unsigned long cursor = 0;
	unsigned int n = 0;

	genl_lock();
	while (secnet_subsys_next(&cursor))
		n++;
	genl_unlock();
	return n;
}

struct secnet_kunit_core_state {
	struct secnet_subsys *core;
	bool up;
};

static int secnet_kunit_core_state_init(struct kunit_resource *res,
					void *context)
{
	struct secnet_kunit_core_state *saved;

	saved = kzalloc(sizeof(*saved), GFP_KERNEL);
	if (!saved)
		return -ENOMEM;
	genl_lock();
	saved->core = secnet_subsys_find("core");
	genl_unlock();
	saved->up = secnet_pernet_slot_up(&init_net, saved->core->slot);
	res->data = saved;
	return 0;
}

static void secnet_kunit_core_state_free(struct kunit_resource *res)
{
	struct secnet_kunit_core_state *saved = res->data;

	genl_lock();
	secnet_core_set_state(&init_net, saved->core,
			      saved->up ? SECNET_SUBSYS_STATE_UP :
					  SECNET_SUBSYS_STATE_DOWN);
	genl_unlock();
	kfree(saved);
}

/* Restores the state of "core" in init_net when the test case ends. */
void secnet_kunit_keep_core_state(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test,
			      kunit_alloc_resource(test,
						   secnet_kunit_core_state_init,
						   secnet_kunit_core_state_free,
						   GFP_KERNEL, NULL));
}

static int secnet_kunit_skb_init(struct kunit_resource *res, void *context)
{
	res->data = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	return res->data ? 0 : -ENOMEM;
}

static void secnet_kunit_skb_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

struct sk_buff *secnet_kunit_skb(struct kunit *test)
{
	struct sk_buff *skb;

	skb = kunit_alloc_resource(test, secnet_kunit_skb_init,
				   secnet_kunit_skb_free, GFP_KERNEL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	return skb;
}

/* A request for @cmd as userspace sends it; attributes go after. */
struct sk_buff *secnet_kunit_request(struct kunit *test, u8 cmd)
{
	struct sk_buff *skb = secnet_kunit_skb(test);
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, 0, 1, GENL_MIN_ID, GENL_HDRLEN, NLM_F_REQUEST);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	hdr = nlmsg_data(nlh);
	hdr->cmd = cmd;
	hdr->version = SECNET_GENL_VERSION;
	hdr->reserved = 0;
	return skb;
}

/*
 * Ends the message in @skb and parses it the way the genetlink core parses
 * a request of the family: strictly, against the top-level @policy.
 */
int secnet_kunit_parse(struct sk_buff *skb, struct nlattr **tb,
		       const struct nla_policy *policy,
		       struct netlink_ext_ack *extack)
{
	struct nlmsghdr *nlh = nlmsg_hdr(skb);

	nlmsg_end(skb, nlh);
	memset(extack, 0, sizeof(*extack));
	return nlmsg_parse(nlh, GENL_HDRLEN, tb, SECNET_A_MAX, policy, extack);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for secnet.ko");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
