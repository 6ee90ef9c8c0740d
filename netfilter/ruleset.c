// SPDX-License-Identifier: GPL-2.0
/*
 * A namespace's ruleset: its chains, the rules by handle, and the changes
 * to it.  Everything here runs under secnet_nf_mutex.
 *
 * A rule's position is its order, a 64-bit number that grows along the
 * chain in steps of 2^32 from 2^62, so that a rule put first or last takes
 * the next step out, and one inserted between two others the number
 * halfway: 32 inserts in one spot before the numbers run out there.  Then
 * the chain is numbered afresh into new classifiers, which replace the old
 * ones in one pointer store: packets never see a chain half renumbered.
 */

#include <kunit/visibility.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "secnet_nf.h"

#define SECNET_NF_ORDER_BASE	BIT_ULL(62)
#define SECNET_NF_ORDER_STEP	BIT_ULL(32)

/* Every change to any namespace's rules, inside the genl mutex. */
DEFINE_MUTEX(secnet_nf_mutex);
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_mutex);

struct secnet_nf_rule *secnet_nf_rule_alloc(void)
{
	struct secnet_nf_rule *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NULL;
	r->ctr = secnet_nf_ctr_alloc();
	if (!r->ctr) {
		kfree(r);
		return NULL;
	}
	INIT_LIST_HEAD(&r->list);
	return r;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_rule_alloc);

void secnet_nf_rule_free(struct secnet_nf_rule *r)
{
	secnet_nf_rule_unbind_sets(r);
	if (r->limit)
		secnet_nf_limit_free(r->limit);
	if (r->log)
		secnet_nf_limit_free(r->log);
	secnet_nf_ctr_free(r->ctr);
	kfree(r);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_rule_free);

static void secnet_nf_rule_free_rcu(struct rcu_head *head)
{
	secnet_nf_rule_free(container_of(head, struct secnet_nf_rule, rcu));
}

static void secnet_nf_classes_free(struct secnet_nf_classes *cl)
{
	secnet_nf_cls_destroy(&cl->decide);
	secnet_nf_cls_destroy(&cl->count);
	kfree(cl);
}

static void secnet_nf_classes_free_work(struct work_struct *work)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_classes_free(container_of(to_rcu_work(work),
					    struct secnet_nf_classes,
					    free_work));
	mutex_unlock(&secnet_nf_mutex);
}

static struct secnet_nf_classes *secnet_nf_classes_alloc(void)
{
	struct secnet_nf_classes *cl;

	cl = kzalloc(sizeof(*cl), GFP_KERNEL_ACCOUNT);
	if (!cl)
		return NULL;
	secnet_nf_cls_init(&cl->decide);
	secnet_nf_cls_init(&cl->count);
	INIT_RCU_WORK(&cl->free_work, secnet_nf_classes_free_work);
	return cl;
}

static struct secnet_nf_cls *secnet_nf_cls_of(struct secnet_nf_classes *cl,
					      const struct secnet_nf_rule *r)
{
	return r->action == SECNET_NF_ACTION_COUNT ? &cl->count : &cl->decide;
}

static struct secnet_nf_classes *
secnet_nf_chain_classes(const struct secnet_nf_chain *ch)
{
	return secnet_nf_deref(ch->cls);
}

struct secnet_nf_ruleset *secnet_nf_ruleset_alloc(void)
{
	struct secnet_nf_ruleset *rs;
	struct secnet_nf_chain *ch;

	rs = kzalloc(sizeof(*rs), GFP_KERNEL_ACCOUNT);
	if (!rs)
		return NULL;
	xa_init_flags(&rs->handles, XA_FLAGS_ALLOC1);
	rs->next_handle = 1;
	secnet_nf_ruleset_touch(rs);
	for (ch = rs->chains; ch < rs->chains + SECNET_NF_HOOKS; ch++) {
		INIT_LIST_HEAD(&ch->rules);
		ch->policy = SECNET_NF_ACTION_ACCEPT;
		RCU_INIT_POINTER(ch->cls, secnet_nf_classes_alloc());
		ch->ctr = secnet_nf_ctr_alloc();
		if (!rcu_access_pointer(ch->cls) || !ch->ctr)
			goto err;
	}
	return rs;

err:
	secnet_nf_ruleset_free(rs);
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_alloc);

void secnet_nf_ruleset_free(struct secnet_nf_ruleset *rs)
{
	struct secnet_nf_rule *r, *tmp;
	struct secnet_nf_classes *cl;
	struct secnet_nf_chain *ch;

	for (ch = rs->chains; ch < rs->chains + SECNET_NF_HOOKS; ch++) {
		cl = secnet_nf_chain_classes(ch);
		if (cl)
			secnet_nf_classes_free(cl);
		list_for_each_entry_safe(r, tmp, &ch->rules, list) {
			secnet_nf_rule_free(r);
			cond_resched();
		}
		secnet_nf_ctr_free(ch->ctr);
	}
	xa_destroy(&rs->handles);
	kfree(rs);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_free);

static void secnet_nf_ruleset_free_work(struct work_struct *work)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_free(container_of(to_rcu_work(work),
					    struct secnet_nf_ruleset,
					    free_work));
	mutex_unlock(&secnet_nf_mutex);
}

void secnet_nf_ruleset_free_rcu(struct secnet_nf_ruleset *rs)
{
	INIT_RCU_WORK(&rs->free_work, secnet_nf_ruleset_free_work);
	queue_rcu_work(secnet_nf_wq, &rs->free_work);
}

/*
 * Numbers @ch afresh into new classifiers and puts them in place of the
 * old; nothing changes on failure.
 */
static int secnet_nf_chain_renumber(struct secnet_nf_chain *ch)
{
	struct secnet_nf_classes *cl, *old;
	struct secnet_nf_rule *r;
	u64 order = SECNET_NF_ORDER_BASE;
	int err;

	cl = secnet_nf_classes_alloc();
	if (!cl)
		return -ENOMEM;
	secnet_nf_cls_build_begin(&cl->decide);
	secnet_nf_cls_build_begin(&cl->count);
	list_for_each_entry(r, &ch->rules, list) {
		order += SECNET_NF_ORDER_STEP;
		err = secnet_nf_cls_insert(secnet_nf_cls_of(cl, r), r, order);
		if (err)
			goto free;
		cond_resched();
	}
	err = secnet_nf_cls_build_end(&cl->decide) ?:
	      secnet_nf_cls_build_end(&cl->count);
	if (err)
		goto free;
	order = SECNET_NF_ORDER_BASE;
	list_for_each_entry(r, &ch->rules, list)
		r->order = (order += SECNET_NF_ORDER_STEP);
	old = rcu_replace_pointer(ch->cls, cl,
				  lockdep_is_held(&secnet_nf_mutex));
	queue_rcu_work(secnet_nf_wq, &old->free_work);
	return 0;

free:
	secnet_nf_classes_free(cl);
	return err;
}

/*
 * Whether @r's verdict on a connection's packets may vary from one to the
 * next (TCP flags; a mark or labels other rules may set; a limit), or it
 * counts.
 */
static bool secnet_nf_rule_varies(const struct secnet_nf_rule *r)
{
	return r->action == SECNET_NF_ACTION_COUNT || r->limit ||
	       (r->m.present & (SECNET_NF_M_TCP_FLAGS | SECNET_NF_M_CT_META));
}

static void secnet_nf_ruleset_account(struct secnet_nf_ruleset *rs,
				      const struct secnet_nf_rule *r, int n)
{
	struct secnet_nf_chain *ch = &rs->chains[r->hook];

	ch->nrules += n;
	rs->nrules += n;
	if (secnet_nf_rule_needs_ct(r))
		rs->ct_rules += n;
	if (secnet_nf_rule_needs_labels(r))
		rs->label_rules += n;
	if (secnet_nf_rule_ct_count(r))
		rs->cc_rules += n;
	/*
	 * Packets read it: one that reads it short of a rule just added or
	 * about to go has no mark or labels, and the rule no match.
	 */
	if (r->m.present & SECNET_NF_M_CT_META)
		WRITE_ONCE(ch->meta_rules, ch->meta_rules + n);
	if (secnet_nf_rule_varies(r))
		WRITE_ONCE(ch->nvary, ch->nvary + n);
}

/* Unique over every ruleset, and never 0 in its low half: see flow.c. */
static atomic64_t secnet_nf_gens = ATOMIC64_INIT(0);

void secnet_nf_ruleset_touch(struct secnet_nf_ruleset *rs)
{
	u64 gen;

	do {
		gen = atomic64_inc_return(&secnet_nf_gens);
	} while (!lower_32_bits(gen));
	/* After the change it follows: a packet that reads it sees that. */
	smp_store_release(&rs->gen, gen);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_touch);

/* Reserves @r's handle, or picks one. */
static int secnet_nf_handle_take(struct secnet_nf_ruleset *rs,
				 struct secnet_nf_rule *r)
{
	int err;

	if (r->handle)
		return xa_insert(&rs->handles, r->handle, r,
				 GFP_KERNEL_ACCOUNT);
	err = xa_alloc_cyclic(&rs->handles, &r->handle, r, xa_limit_32b,
			      &rs->next_handle, GFP_KERNEL_ACCOUNT);
	return err < 0 ? err : 0;
}

/*
 * An order for a rule between @prev and @next (either may be NULL), or 0
 * if there is none left.  U64_MAX is the classifier's "no match".
 */
static u64 secnet_nf_order_between(const struct secnet_nf_rule *prev,
				   const struct secnet_nf_rule *next)
{
	u64 lo = prev ? prev->order : 0, hi = next ? next->order : U64_MAX;

	if (!prev && !next)
		return SECNET_NF_ORDER_BASE;
	if (hi - lo < 2)
		return 0;
	if (!prev && hi > SECNET_NF_ORDER_STEP)
		return hi - SECNET_NF_ORDER_STEP;
	if (!next && hi - lo > SECNET_NF_ORDER_STEP)
		return lo + SECNET_NF_ORDER_STEP;
	return lo + (hi - lo) / 2;
}

int secnet_nf_ruleset_insert(struct secnet_nf_ruleset *rs,
			     struct secnet_nf_rule *r,
			     struct secnet_nf_rule *next)
{
	struct secnet_nf_chain *ch = &rs->chains[r->hook];
	struct list_head *at = next ? &next->list : &ch->rules;
	struct secnet_nf_rule *prev;
	u64 order;
	int err;

	err = secnet_nf_handle_take(rs, r);
	if (err)
		return err;
	prev = at->prev == &ch->rules ? NULL :
	       list_entry(at->prev, struct secnet_nf_rule, list);
	order = secnet_nf_order_between(prev, next);
	list_add_tail(&r->list, at);
	if (order) {
		err = secnet_nf_cls_insert(secnet_nf_cls_of(secnet_nf_chain_classes(ch), r),
					   r, order);
		if (!err)
			r->order = order;
	} else {
		err = secnet_nf_chain_renumber(ch);
	}
	if (err) {
		list_del(&r->list);
		xa_erase(&rs->handles, r->handle);
		return err;
	}
	secnet_nf_ruleset_account(rs, r, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_insert);

void secnet_nf_ruleset_delete(struct secnet_nf_ruleset *rs,
			      struct secnet_nf_rule *r)
{
	struct secnet_nf_chain *ch = &rs->chains[r->hook];

	secnet_nf_cls_remove(secnet_nf_cls_of(secnet_nf_chain_classes(ch), r),
			     r, r->order);
	list_del(&r->list);
	xa_erase(&rs->handles, r->handle);
	secnet_nf_ruleset_account(rs, r, -1);
	secnet_nf_ruleset_touch(rs);
	secnet_nf_rule_unbind_sets(r);
	call_rcu(&r->rcu, secnet_nf_rule_free_rcu);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_delete);

int secnet_nf_ruleset_flush(struct net *net, struct secnet_nf_ruleset *rs,
			    unsigned int hook)
{
	struct secnet_nf_chain *ch = &rs->chains[hook];
	struct secnet_nf_classes *cl, *old;
	struct secnet_nf_rule *r, *tmp;

	cl = secnet_nf_classes_alloc();
	if (!cl)
		return -ENOMEM;
	old = rcu_replace_pointer(ch->cls, cl,
				  lockdep_is_held(&secnet_nf_mutex));
	secnet_nf_ruleset_touch(rs);
	queue_rcu_work(secnet_nf_wq, &old->free_work);
	if (hook == SECNET_NF_INGRESS)
		secnet_nf_hooks_drop(net, rs, NULL);
	list_for_each_entry_safe(r, tmp, &ch->rules, list) {
		list_del(&r->list);
		xa_erase(&rs->handles, r->handle);
		secnet_nf_ruleset_account(rs, r, -1);
		secnet_nf_rule_unbind_sets(r);
		call_rcu(&r->rcu, secnet_nf_rule_free_rcu);
	}
	return 0;
}

void secnet_nf_ruleset_unbind_sets(struct secnet_nf_ruleset *rs)
{
	struct secnet_nf_chain *ch;
	struct secnet_nf_rule *r;

	for (ch = rs->chains; ch < rs->chains + SECNET_NF_HOOKS; ch++)
		list_for_each_entry(r, &ch->rules, list)
			secnet_nf_rule_unbind_sets(r);
}

int secnet_nf_ruleset_append(struct secnet_nf_ruleset *rs,
			     struct secnet_nf_rule *r)
{
	int err;

	/* Handles the load gives are taken first, the others at build. */
	if (r->handle) {
		err = xa_insert(&rs->handles, r->handle, r,
				GFP_KERNEL_ACCOUNT);
		if (err)
			return err;
		rs->next_handle = max(rs->next_handle, r->handle + 1);
	}
	list_add_tail(&r->list, &rs->chains[r->hook].rules);
	secnet_nf_ruleset_account(rs, r, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_append);

int secnet_nf_ruleset_build(struct secnet_nf_ruleset *rs)
{
	struct secnet_nf_chain *ch;
	struct secnet_nf_rule *r;
	int err;

	for (ch = rs->chains; ch < rs->chains + SECNET_NF_HOOKS; ch++) {
		list_for_each_entry(r, &ch->rules, list) {
			if (r->handle)
				continue;
			err = secnet_nf_handle_take(rs, r);
			if (err)
				return err;
		}
		err = secnet_nf_chain_renumber(ch);
		if (err)
			return err;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ruleset_build);
