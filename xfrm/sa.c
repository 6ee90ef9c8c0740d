// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table of the emulated engine: every offloaded state by id (its
 * offload_handle, found again on transmit), and each device's inbound SAs
 * by SPI and destination (found from the packet on receive, as a NIC does).
 *
 * The kernel deletes a state (it stops matching packets) before it frees it
 * (once the last packet holding it is gone), so an SA dies in two steps too:
 * delete takes it out of the receive hash, free out of the table.  The data
 * path finds SAs under RCU alone, and free is not always called a grace
 * period after delete (a bond frees its slave's SAs at once when it fails
 * over), so an SA's memory and transform go only after one: from a work
 * item, since freeing a transform may sleep.
 */

#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <crypto/internal/aead.h>
#include <crypto/internal/geniv.h>
#include <net/ipv6.h>

#include "secnet_xfrm.h"

struct xarray secnet_xfrm_sas =
	XARRAY_INIT(secnet_xfrm_sas, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sas);

/* Runs the frees; drained before the module goes. */
static struct workqueue_struct *secnet_xfrm_sa_wq;

int __init secnet_xfrm_sa_init(void)
{
	secnet_xfrm_sa_wq = alloc_workqueue("secnet_xfrm_sa", 0, 0);
	return secnet_xfrm_sa_wq ? 0 : -ENOMEM;
}

/* After the last SA was released. */
void secnet_xfrm_sa_exit(void)
{
	/* Each free queues its work from an RCU callback. */
	rcu_barrier();
	destroy_workqueue(secnet_xfrm_sa_wq);
}

/**
 * secnet_xfrm_sa_check - whether the engine can do a state
 * @x: the state the kernel asks to offload
 * @reason: set to why not
 *
 * Return: 0, or -EOPNOTSUPP: the kernel then keeps the state in software.
 */
int secnet_xfrm_sa_check(const struct xfrm_state *x, const char **reason)
{
	unsigned int key_bits;

	if (x->id.proto != IPPROTO_ESP) {
		*reason = "not ESP";
	} else if (!x->aead || strcmp(x->aead->alg_name, SECNET_XFRM_ALG)) {
		*reason = "algorithm is not " SECNET_XFRM_ALG;
	} else if (x->aead->alg_icv_len != SECNET_XFRM_ICV_LEN * 8) {
		*reason = "ICV is not 128 bits";
	} else if (x->calg || x->encap || x->tfcpad) {
		*reason = "compression, UDP encapsulation or TFC padding";
	} else if (x->props.mode != XFRM_MODE_TRANSPORT &&
		   x->props.mode != XFRM_MODE_TUNNEL) {
		*reason = "mode is neither transport nor tunnel";
	} else if (x->props.family != AF_INET && x->props.family != AF_INET6) {
		*reason = "family is neither IPv4 nor IPv6";
	} else {
		key_bits = x->aead->alg_key_len - SECNET_XFRM_SALT_LEN * 8;
		if (key_bits == 128 || key_bits == 256)
			return 0;
		*reason = "key is neither 128 nor 256 bits";
	}
	return -EOPNOTSUPP;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_check);

/*
 * The salt the state's own software transform (seqiv) XORs into the IV: with
 * it the engine sends what software ESP would.  Any other generator leaves
 * it zero (IV = sequence number), which peers accept just as well.
 */
static void secnet_xfrm_sa_iv_salt(const struct xfrm_state *x, u8 *salt)
{
	struct crypto_aead *aead = x->data;
	struct aead_geniv_ctx *ctx;

	if (!aead || !x->geniv || strcmp(x->geniv, "seqiv") ||
	    strncmp(crypto_tfm_alg_name(crypto_aead_tfm(aead)), "seqiv(", 6) ||
	    crypto_aead_ivsize(aead) != SECNET_XFRM_IV_LEN)
		return;
	ctx = crypto_aead_ctx(aead);
	memcpy(salt, ctx->salt, SECNET_XFRM_IV_LEN);
}

static u32 secnet_xfrm_rx_bucket(unsigned short family,
				 const xfrm_address_t *daddr, __be32 spi)
{
	u32 a = family == AF_INET ? (__force u32)daddr->a4 :
				    ipv6_addr_hash(&daddr->in6);

	return jhash_2words((__force u32)spi, a, 0) %
	       SECNET_XFRM_RX_BUCKETS;
}

/* Under the table's lock. */
static void secnet_xfrm_sa_kill(struct secnet_xfrm_sa *sa)
{
	if (sa->dead)
		return;
	/* Both are also read without the lock, by transmit and ethtool. */
	WRITE_ONCE(sa->dead, true);
	WRITE_ONCE(sa->sdev->n_sas, sa->sdev->n_sas - 1);
	if (sa->dir == XFRM_DEV_OFFLOAD_IN)
		hlist_del_init_rcu(&sa->rx_node);
}

static void secnet_xfrm_sa_destroy(struct secnet_xfrm_sa *sa)
{
	cancel_work_sync(&sa->init_work);
	kfree_sensitive(sa->key);
	if (sa->crypto.aead.tfm)
		secnet_xfrm_crypto_destroy(&sa->crypto);
	free_percpu(sa->ctrs);
	kfree(sa);
}

static void secnet_xfrm_sa_destroy_work(struct work_struct *work)
{
	secnet_xfrm_sa_destroy(container_of(to_rcu_work(work),
					    struct secnet_xfrm_sa, free_work));
}

/* Frees an SA no longer in the table, once no reader can hold it. */
static void secnet_xfrm_sa_release(struct secnet_xfrm_sa *sa)
{
	INIT_RCU_WORK(&sa->free_work, secnet_xfrm_sa_destroy_work);
	queue_rcu_work(secnet_xfrm_sa_wq, &sa->free_work);
}

/* Makes the transform of an SA added where it could not sleep. */
static void secnet_xfrm_sa_init_work(struct work_struct *work)
{
	struct secnet_xfrm_sa *sa = container_of(work, struct secnet_xfrm_sa,
						 init_work);

	/* On failure the SA stays unready: its state stays in software. */
	if (!secnet_xfrm_crypto_init(&sa->crypto, sa->key, sa->key_len,
				     sa->crypto.esn))
		/* Readers see the transform whole once they see it ready. */
		smp_store_release(&sa->ready, true);
	/* The transform has the key now: no other copy outlives this. */
	kfree_sensitive(sa->key);
	sa->key = NULL;
}

/**
 * secnet_xfrm_sa_add - give the engine a state the kernel offloads to it
 * @sdev: the device's engine
 * @x: the state, which secnet_xfrm_sa_check() accepted
 * @max_sas: how many live SAs the device holds at most
 *
 * Sets the state's offload_handle.  Where the caller cannot sleep (bonding
 * in 6.1 passes states on to its slave under RCU or a spinlock), the
 * transform is made by a work item: until then the SA is not ready and the
 * state is done in software.
 * Return: 0, -ENOSPC if the device is full, or another negative errno.
 */
int secnet_xfrm_sa_add(struct secnet_xfrm_dev *sdev, struct xfrm_state *x,
		       unsigned int max_sas)
{
	const struct xfrm_algo_aead *aead = x->aead;
	bool may_sleep = secnet_offload_may_sleep();
	/* Charged to the memory cgroup of whoever added the state. */
	gfp_t gfp = (may_sleep ? GFP_KERNEL : GFP_ATOMIC) | __GFP_ACCOUNT;
	struct secnet_xfrm_sa *sa;
	u32 bucket;
	int err;

	xa_lock_bh(&secnet_xfrm_sas);
	if (sdev->n_sas >= max_sas) {
		xa_unlock_bh(&secnet_xfrm_sas);
		return -ENOSPC;
	}
	WRITE_ONCE(sdev->n_sas, sdev->n_sas + 1);
	xa_unlock_bh(&secnet_xfrm_sas);

	err = -ENOMEM;
	sa = kzalloc(sizeof(*sa), gfp);
	if (!sa)
		goto err_unreserve;
	sa->x = x;
	sa->sdev = sdev;
	sa->dir = x->xso.dir;
	INIT_HLIST_NODE(&sa->rx_node);
	INIT_WORK(&sa->init_work, secnet_xfrm_sa_init_work);
	sa->crypto.esn = x->props.flags & XFRM_STATE_ESN;
	sa->ctrs = secnet_ctrs_alloc(SECNET_XFRM_SA_CTRS, gfp);
	if (!sa->ctrs)
		goto err_free;
	if (may_sleep) {
		err = secnet_xfrm_crypto_init(&sa->crypto, aead->alg_key,
					      DIV_ROUND_UP(aead->alg_key_len, 8),
					      sa->crypto.esn);
		if (err)
			goto err_free;
		sa->ready = true;
	} else {
		/* The state may be freed before the work runs. */
		sa->key_len = DIV_ROUND_UP(aead->alg_key_len, 8);
		sa->key = kmemdup(aead->alg_key, sa->key_len, gfp);
		if (!sa->key)
			goto err_free;
	}
	secnet_xfrm_sa_iv_salt(x, sa->crypto.iv_salt);

	err = xa_alloc_bh(&secnet_xfrm_sas, &sa->id, sa, xa_limit_32b, gfp);
	if (err)
		goto err_free;

	xa_lock_bh(&secnet_xfrm_sas);
	list_add_tail(&sa->dev_node, &sdev->sas);
	if (sa->dir == XFRM_DEV_OFFLOAD_IN) {
		bucket = secnet_xfrm_rx_bucket(x->props.family, &x->id.daddr,
					       x->id.spi);
		hlist_add_head_rcu(&sa->rx_node, &sdev->rx_hash[bucket]);
	}
	xa_unlock_bh(&secnet_xfrm_sas);
	x->xso.offload_handle = sa->id;
	if (!may_sleep)
		queue_work(secnet_xfrm_sa_wq, &sa->init_work);
	return 0;

err_free:
	secnet_xfrm_sa_destroy(sa);
err_unreserve:
	xa_lock_bh(&secnet_xfrm_sas);
	WRITE_ONCE(sdev->n_sas, sdev->n_sas - 1);
	xa_unlock_bh(&secnet_xfrm_sas);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_add);

/* The SA of @x, under RCU or the table's lock; NULL if it has none here. */
struct secnet_xfrm_sa *secnet_xfrm_sa_find(const struct xfrm_state *x)
{
	unsigned long id = x->xso.offload_handle;
	struct secnet_xfrm_sa *sa;

	if (!id || id > U32_MAX)
		return NULL;
	sa = xa_load(&secnet_xfrm_sas, id);
	/* A handle left by an earlier load of the module can name another. */
	return sa && sa->x == x ? sa : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_find);

/* The live inbound SA a packet is for, under RCU; NULL if none. */
struct secnet_xfrm_sa *secnet_xfrm_sa_lookup_rx(struct secnet_xfrm_dev *sdev,
						unsigned short family,
						const xfrm_address_t *daddr,
						__be32 spi)
{
	u32 bucket = secnet_xfrm_rx_bucket(family, daddr, spi);
	struct secnet_xfrm_sa *sa;
	struct xfrm_state *x;

	hlist_for_each_entry_rcu(sa, &sdev->rx_hash[bucket], rx_node) {
		x = sa->x;
		if (x->id.spi == spi && x->props.family == family &&
		    xfrm_addr_equal(&x->id.daddr, daddr, family))
			return secnet_xfrm_sa_ready(sa) ? sa : NULL;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_lookup_rx);

/* The kernel deleted @x: no packet may match it from now on.  Atomic. */
void secnet_xfrm_sa_delete(struct xfrm_state *x)
{
	struct secnet_xfrm_sa *sa;

	xa_lock_bh(&secnet_xfrm_sas);
	sa = secnet_xfrm_sa_find(x);
	if (sa)
		secnet_xfrm_sa_kill(sa);
	xa_unlock_bh(&secnet_xfrm_sas);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_delete);

/* The kernel frees @x: no packet holds it any more. */
void secnet_xfrm_sa_free(struct xfrm_state *x)
{
	struct secnet_xfrm_sa *sa;

	xa_lock_bh(&secnet_xfrm_sas);
	sa = secnet_xfrm_sa_find(x);
	if (sa) {
		secnet_xfrm_sa_kill(sa);
		__xa_erase(&secnet_xfrm_sas, sa->id);
		list_del(&sa->dev_node);
		/* The lock keeps the device's state, and so the device. */
		secnet_xfrm_net_count(dev_net(sa->sdev->dev),
				      SECNET_XFRM_NET_SA_FREED);
	}
	xa_unlock_bh(&secnet_xfrm_sas);
	if (sa)
		secnet_xfrm_sa_release(sa);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_free);

/*
 * Drops every SA of a device that is going away or losing the offload; the
 * kernel's states stay and are then done in software.
 */
void secnet_xfrm_sa_flush(struct secnet_xfrm_dev *sdev)
{
	struct secnet_xfrm_sa *sa, *tmp;
	LIST_HEAD(gone);

	xa_lock_bh(&secnet_xfrm_sas);
	list_for_each_entry_safe(sa, tmp, &sdev->sas, dev_node) {
		secnet_xfrm_sa_kill(sa);
		__xa_erase(&secnet_xfrm_sas, sa->id);
		list_move(&sa->dev_node, &gone);
		secnet_xfrm_net_count(dev_net(sdev->dev),
				      SECNET_XFRM_NET_SA_FREED);
	}
	xa_unlock_bh(&secnet_xfrm_sas);
	list_for_each_entry_safe(sa, tmp, &gone, dev_node)
		secnet_xfrm_sa_release(sa);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_sa_flush);

bool secnet_xfrm_fault_take(struct secnet_xfrm_dev *sdev,
			    enum secnet_xfrm_fault f)
{
	if (!secnet_fault_take(&sdev->faults[f]))
		return false;
	secnet_ctrs_add(sdev->ctrs, SECNET_XFRM_FAULTS_INJECTED, 1);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_fault_take);
