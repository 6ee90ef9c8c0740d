// SPDX-License-Identifier: GPL-2.0
/*
 * The subsystem registry.  A subsystem gets a slot (the index of its
 * administrative state in every namespace), the commands it owns are routed
 * to it, and every change bumps the generation that open dumps compare
 * against.
 *
 * The registry changes only under genl_lock(), the mutex every request of the
 * family runs under, so a handler never sees a subsystem half registered and
 * never calls into one that is gone.
 */

#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/string.h>

#include "core.h"
#include "pernet.h"
#include "subsys.h"

static LIST_HEAD(secnet_subsys_list);	/* in registration order */

/*
 * Who holds each slot, and its registration number: the status dump's
 * cursor, which stays valid while other subsystems come and go.
 */
static struct {
	struct secnet_subsys *ss;
	unsigned long seq;
} secnet_slots[SECNET_SUBSYS_SLOTS];
static unsigned long secnet_last_seq;

static struct secnet_subsys *secnet_cmd_owner[SECNET_CMD_MAX + 1];
static const struct secnet_cmd_ops *secnet_cmd_table[SECNET_CMD_MAX + 1];

/* Never 0: that value turns nl_dump_check_consistent() off. */
static unsigned int secnet_generation = 1;
static u64 secnet_features;

static const char secnet_name_chars[] =
	"abcdefghijklmnopqrstuvwxyz0123456789_-";

/* 1 to @size - 1 characters of secnet_name_chars, NUL-terminated. */
static bool secnet_name_valid(const char *name, size_t size)
{
	size_t len;

	if (!name)
		return false;
	len = strnlen(name, size);
	return len && len < size && strspn(name, secnet_name_chars) == len;
}

static int secnet_subsys_check_ops(const struct secnet_subsys *ss)
{
	DECLARE_BITMAP(seen, SECNET_CMD_MAX + 1);
	unsigned int i;

	if (ss->n_ops && !ss->ops) {
		pr_err("subsystem %s: n_ops without ops\n", ss->name);
		return -EINVAL;
	}
	bitmap_zero(seen, SECNET_CMD_MAX + 1);
	for (i = 0; i < ss->n_ops; i++) {
		const struct secnet_cmd_ops *op = &ss->ops[i];

		if (op->cmd == SECNET_CMD_UNSPEC || op->cmd > SECNET_CMD_MAX) {
			pr_err("subsystem %s: command %u out of range\n",
			       ss->name, op->cmd);
			return -EINVAL;
		}
		if (__test_and_set_bit(op->cmd, seen)) {
			pr_err("subsystem %s: command %u listed twice\n",
			       ss->name, op->cmd);
			return -EINVAL;
		}
	}
	return 0;
}

static int secnet_subsys_check_counters(const struct secnet_subsys *ss)
{
	unsigned int i, j;

	if (ss->n_counters > SECNET_COUNTERS_MAX) {
		pr_err("subsystem %s: %u counters, at most %u allowed\n",
		       ss->name, ss->n_counters, SECNET_COUNTERS_MAX);
		return -EINVAL;
	}
	if (!ss->n_counters != !ss->read_counters ||
	    (ss->n_counters && !ss->counter_names)) {
		pr_err("subsystem %s: counters need names and read_counters\n",
		       ss->name);
		return -EINVAL;
	}
	for (i = 0; i < ss->n_counters; i++) {
		const char *name = ss->counter_names[i];

		if (!secnet_name_valid(name, SECNET_COUNTER_NAME_LEN)) {
			pr_err("subsystem %s: counter %u: invalid name\n",
			       ss->name, i);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(name, ss->counter_names[j])) {
				pr_err("subsystem %s: counter %s listed twice\n",
				       ss->name, name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* What can be checked without looking at the other subsystems. */
static int secnet_subsys_check(const struct secnet_subsys *ss)
{
	if (!secnet_name_valid(ss->name, SECNET_SUBSYS_NAME_LEN)) {
		pr_err("invalid subsystem name \"%.*s\": 1 to %d of [a-z0-9_-]\n",
		       SECNET_SUBSYS_NAME_LEN, ss->name ?: "",
		       SECNET_SUBSYS_NAME_LEN - 1);
		return -EINVAL;
	}
	if (!ss->version ||
	    strnlen(ss->version, SECNET_SUBSYS_VERSION_LEN) ==
	    SECNET_SUBSYS_VERSION_LEN) {
		pr_err("subsystem %s: version missing or too long\n", ss->name);
		return -EINVAL;
	}
	if (ss->feature < -1 || ss->feature > SECNET_FEATURE_MAX) {
		pr_err("subsystem %s: feature %d out of range\n",
		       ss->name, ss->feature);
		return -EINVAL;
	}
	return secnet_subsys_check_ops(ss) ?: secnet_subsys_check_counters(ss);
}

static struct secnet_subsys *secnet_subsys_by_feature(int feature)
{
	struct secnet_subsys *ss;

	list_for_each_entry(ss, &secnet_subsys_list, list)
		if (ss->feature == feature)
			return ss;
	return NULL;
}

/* What @ss would take from subsystems already registered. */
static int secnet_subsys_conflicts(const struct secnet_subsys *ss)
{
	const struct secnet_subsys *other;
	unsigned int i;

	if (secnet_subsys_find(ss->name)) {
		pr_err("subsystem %s: already registered\n", ss->name);
		return -EEXIST;
	}
	other = ss->feature >= 0 ? secnet_subsys_by_feature(ss->feature) : NULL;
	if (other) {
		pr_err("subsystem %s: feature %d already provided by %s\n",
		       ss->name, ss->feature, other->name);
		return -EBUSY;
	}
	for (i = 0; i < ss->n_ops; i++) {
		other = secnet_cmd_owner[ss->ops[i].cmd];
		if (other) {
			pr_err("subsystem %s: command %u already owned by %s\n",
			       ss->name, ss->ops[i].cmd, other->name);
			return -EBUSY;
		}
	}
	return 0;
}

static int secnet_slot_alloc(struct secnet_subsys *ss)
{
	unsigned int slot;

	for (slot = 0; slot < SECNET_SUBSYS_SLOTS; slot++) {
		if (!secnet_slots[slot].ss) {
			secnet_slots[slot].ss = ss;
			secnet_slots[slot].seq = ++secnet_last_seq;
			ss->slot = slot;
			return 0;
		}
	}
	pr_err("subsystem %s: all %d slots in use\n",
	       ss->name, SECNET_SUBSYS_SLOTS);
	return -ENOSPC;
}

static bool secnet_subsys_registered(const struct secnet_subsys *ss)
{
	return ss->slot < SECNET_SUBSYS_SLOTS &&
	       secnet_slots[ss->slot].ss == ss;
}

/* Route @ss's commands to @owner (NULL: to nobody). */
static void secnet_subsys_route(const struct secnet_subsys *ss,
				struct secnet_subsys *owner)
{
	unsigned int i;

	for (i = 0; i < ss->n_ops; i++) {
		secnet_cmd_owner[ss->ops[i].cmd] = owner;
		secnet_cmd_table[ss->ops[i].cmd] = owner ? &ss->ops[i] : NULL;
	}
}

static void secnet_subsys_changed(void)
{
	WRITE_ONCE(secnet_generation, secnet_generation + 1 ?: 1);
}

static void secnet_features_set(int feature, bool on)
{
	u64 bit = feature >= 0 ? BIT_ULL(feature) : 0;

	WRITE_ONCE(secnet_features,
		   on ? secnet_features | bit : secnet_features & ~bit);
}

/**
 * secnet_subsys_register - add a subsystem and route its commands to it
 * @ss: the subsystem, filled as documented in struct secnet_subsys
 *
 * Its administrative state starts up in every namespace, and every namespace
 * listening gets a SECNET_SUBSYS_EVENT_ADD.
 *
 * Context: process context; takes genl_lock().
 * Return: 0, -EINVAL if @ss is malformed, -EEXIST if its name is taken,
 * -EBUSY if a command or its feature belongs to another subsystem, -ENOSPC
 * if all SECNET_SUBSYS_SLOTS slots are taken.
 */
int secnet_subsys_register(struct secnet_subsys *ss)
{
	int err;

	BUILD_BUG_ON(BITS_PER_TYPE(secnet_features) <= SECNET_FEATURE_MAX);

	err = secnet_subsys_check(ss);
	if (err)
		return err;

	genl_lock();
	err = secnet_subsys_conflicts(ss) ?: secnet_slot_alloc(ss);
	if (!err) {
		secnet_pernet_reset_slot(ss->slot);
		secnet_subsys_route(ss, ss);
		secnet_features_set(ss->feature, true);
		list_add_tail(&ss->list, &secnet_subsys_list);
		secnet_subsys_changed();
		secnet_core_notify_all(ss, SECNET_SUBSYS_EVENT_ADD);
	}
	genl_unlock();
	return err;
}
EXPORT_SYMBOL_GPL(secnet_subsys_register);

/**
 * secnet_subsys_unregister - remove a subsystem registered before
 * @ss: the subsystem
 *
 * Once this returns no handler of @ss runs nor will run, and no dump calls
 * into it again; stop asking secnet_subsys_is_up() about it first, as its
 * slot may go to the next subsystem registered.
 *
 * Context: process context; takes genl_lock().
 */
void secnet_subsys_unregister(struct secnet_subsys *ss)
{
	genl_lock();
	if (WARN_ON(!secnet_subsys_registered(ss)))
		goto out;
	list_del(&ss->list);
	secnet_subsys_route(ss, NULL);
	secnet_features_set(ss->feature, false);
	secnet_subsys_changed();
	/* The event reports its state, so the slot is released after. */
	secnet_core_notify_all(ss, SECNET_SUBSYS_EVENT_DEL);
	secnet_slots[ss->slot].ss = NULL;
out:
	genl_unlock();
}
EXPORT_SYMBOL_GPL(secnet_subsys_unregister);

struct secnet_subsys *secnet_subsys_find(const char *name)
{
	struct secnet_subsys *ss;

	list_for_each_entry(ss, &secnet_subsys_list, list)
		if (!strcmp(ss->name, name))
			return ss;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_find);

/**
 * secnet_subsys_next - walk the subsystems in registration order
 * @cursor: 0 to start; advanced past the subsystem returned
 *
 * The cursor stays meaningful across genl_lock() sections: subsystems that
 * left are skipped, those that arrived are visited.
 *
 * Return: the next subsystem, or NULL at the end.
 */
struct secnet_subsys *secnet_subsys_next(unsigned long *cursor)
{
	struct secnet_subsys *ss;

	list_for_each_entry(ss, &secnet_subsys_list, list) {
		if (secnet_slots[ss->slot].seq > *cursor) {
			*cursor = secnet_slots[ss->slot].seq;
			return ss;
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_next);

/* The handlers of @cmd, and in @owner their subsystem; NULL if unowned. */
const struct secnet_cmd_ops *secnet_subsys_cmd(u8 cmd,
					       struct secnet_subsys **owner)
{
	if (cmd > SECNET_CMD_MAX || !secnet_cmd_table[cmd])
		return NULL;
	*owner = secnet_cmd_owner[cmd];
	return secnet_cmd_table[cmd];
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_cmd);

/*
 * Pins the module of @ss while the core calls into it.  Fails once that
 * module is going away: its exit may have torn down what the call would use
 * before it got to unregister.
 */
bool secnet_subsys_get(const struct secnet_subsys *ss)
{
	return try_module_get(ss->owner);
}

void secnet_subsys_put(const struct secnet_subsys *ss)
{
	module_put(ss->owner);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_put);

unsigned int secnet_subsys_generation(void)
{
	return READ_ONCE(secnet_generation);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_generation);

u64 secnet_subsys_features(void)
{
	return READ_ONCE(secnet_features);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_subsys_features);
