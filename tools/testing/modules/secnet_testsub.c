// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_testsub.ko: registers @count subsystems "testsub0".."testsub<N-1>"
 * with no command and no feature, each with two counters:
 *   reads  how many times this module's counters were read, all subsystems
 *          and namespaces together (it moves with every status request)
 *   value  the module parameter of that name, writable at run time
 * A large count makes the GET_STATUS dump span many messages, for tests that
 * unload this module halfway through one.
 */

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "secnet.h"

static unsigned int count = 1;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "subsystems to register (default 1)");

static ulong value;
module_param(value, ulong, 0644);
MODULE_PARM_DESC(value, "reported by counter \"value\"");

struct testsub {
	struct secnet_subsys ss;
	char name[SECNET_SUBSYS_NAME_LEN];
};

static struct testsub *testsubs;
static atomic64_t testsub_reads = ATOMIC64_INIT(0);

static const char *const testsub_counter_names[] = { "reads", "value" };

static void testsub_read_counters(struct net *net, u64 *values)
{
	values[0] = atomic64_inc_return(&testsub_reads);
	values[1] = READ_ONCE(value);
}

static void testsub_unregister(unsigned int n)
{
	while (n--)
		secnet_subsys_unregister(&testsubs[n].ss);
}

static int __init testsub_init(void)
{
	unsigned int i;
	int err;

	if (!count || count >= SECNET_SUBSYS_SLOTS)
		return -EINVAL;
	testsubs = kcalloc(count, sizeof(*testsubs), GFP_KERNEL);
	if (!testsubs)
		return -ENOMEM;

	for (i = 0; i < count; i++) {
		struct testsub *t = &testsubs[i];

		snprintf(t->name, sizeof(t->name), "testsub%u", i);
		t->ss = (struct secnet_subsys) {
			.name = t->name,
			.version = "test",
			.feature = -1,
			.owner = THIS_MODULE,
			.counter_names = testsub_counter_names,
			.n_counters = ARRAY_SIZE(testsub_counter_names),
			.read_counters = testsub_read_counters,
		};
		err = secnet_subsys_register(&t->ss);
		if (err)
			goto err_unregister;
	}
	return 0;

err_unregister:
	testsub_unregister(i);
	kfree(testsubs);
	return err;
}

static void __exit testsub_exit(void)
{
	testsub_unregister(count);
	kfree(testsubs);
}

module_init(testsub_init);
module_exit(testsub_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet test subsystems (tests only)");
