// SPDX-License-Identifier: GPL-2.0
/*
 * The device's tables: each offloaded SecY with its TX SAs and RX SCs, each
 * RX SC with its RX SAs, kept in step with every mdo_* macsec sends.  They
 * are the device's own: the settings are copied when the kernel adds or
 * updates an object, and each SA has its own transform and packet number.
 *
 * macsec calls every mdo under RTNL, which orders all writers here.  The
 * data path finds SecYs and RX SCs by SCI in the device's hashes and SAs in
 * their arrays, all under RCU; what leaves them is freed a grace period
 * later.  When the kernel ends a SecY or an RX SC it calls only that
 * object's del: what hangs below goes with it.
 */

#include <kunit/visibility.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "secnet_macsec.h"

static unsigned int max_sas = 256;
module_param(max_sas, uint, 0644);
MODULE_PARM_DESC(max_sas, "TX and RX SAs one device can hold, like a NIC's SA table (default 256)");

/* Runs the SAs' frees; drained before the module goes. */
static struct workqueue_struct *secnet_macsec_wq;

int __init secnet_macsec_table_init(void)
{
	secnet_macsec_wq = alloc_workqueue("secnet_macsec", 0, 0);
	return secnet_macsec_wq ? 0 : -ENOMEM;
}

void secnet_macsec_table_exit(void)
{
	/* Each free queues its work from an RCU callback. */
	rcu_barrier();
	destroy_workqueue(secnet_macsec_wq);
}

static u32 secnet_macsec_sci_hash(sci_t sci)
{
	return hash_64((__force u64)sci, SECNET_MACSEC_HASH_BITS);
}

static struct secnet_macsec_sc *
secnet_macsec_sc_find_rcu(struct hlist_head *table, sci_t sci)
{
	struct secnet_macsec_sc *sc;

	hlist_for_each_entry_rcu(sc, &table[secnet_macsec_sci_hash(sci)], node)
		if (sc->sci == sci)
			return sc;
	return NULL;
}

static void secnet_macsec_sc_add(struct hlist_head *table,
				 struct secnet_macsec_sc *sc, sci_t sci)
{
	sc->sci = sci;
	hlist_add_head_rcu(&sc->node, &table[secnet_macsec_sci_hash(sci)]);
}

struct secnet_macsec_secy *
secnet_macsec_secy_find_rcu(struct secnet_macsec_dev *mdev, sci_t sci)
{
	struct secnet_macsec_sc *sc = secnet_macsec_sc_find_rcu(mdev->tx_hash,
								sci);

	return sc ? container_of(sc, struct secnet_macsec_secy, sc) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_secy_find_rcu);

struct secnet_macsec_rxsc *
secnet_macsec_rxsc_find_rcu(struct secnet_macsec_dev *mdev, sci_t sci)
{
	struct secnet_macsec_sc *sc = secnet_macsec_sc_find_rcu(mdev->rx_hash,
								sci);

	return sc ? container_of(sc, struct secnet_macsec_rxsc, sc) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_rxsc_find_rcu);

/* Decrements a positive count; true if it was one. */
bool secnet_macsec_fault_take(struct secnet_macsec_dev *mdev,
			      enum secnet_macsec_fault f)
{
	if (!secnet_fault_take(&mdev->faults[f]))
		return false;
	secnet_ctrs_add(mdev->ctrs, SECNET_MACSEC_FAULTS_INJECTED, 1);
	return true;
}

static struct secnet_macsec_dev *secnet_macsec_ctx_dev(const struct macsec_context *ctx)
{
	return secnet_offload_priv(ctx->netdev, SECNET_OFFLOAD_MACSEC);
}

/* The device's copy of @ctx's SecY; under RTNL. */
static struct secnet_macsec_secy *secnet_macsec_ctx_secy(const struct macsec_context *ctx)
{
	struct secnet_macsec_dev *mdev = secnet_macsec_ctx_dev(ctx);
	struct secnet_macsec_secy *secy;

	list_for_each_entry(secy, &mdev->secys, list)
		if (secy->ksecy == ctx->secy)
			return secy;
	return NULL;
}

static struct secnet_macsec_rxsc *
secnet_macsec_secy_rxsc(struct secnet_macsec_secy *secy, sci_t sci)
{
	struct secnet_macsec_rxsc *rxsc;

	list_for_each_entry(rxsc, &secy->rxscs, list)
		if (rxsc->sc.sci == sci)
			return rxsc;
	return NULL;
}

/* The settings the data path reads, as macsec holds them now. */
static void secnet_macsec_secy_copy(struct secnet_macsec_secy *secy)
{
	const struct macsec_secy *k = secy->ksecy;

	WRITE_ONCE(secy->encoding_sa, k->tx_sc.encoding_sa);
	WRITE_ONCE(secy->encrypt, k->tx_sc.encrypt);
	WRITE_ONCE(secy->send_sci, macsec_send_sci(k));
	WRITE_ONCE(secy->end_station, k->tx_sc.end_station);
	WRITE_ONCE(secy->scb, k->tx_sc.scb);
	WRITE_ONCE(secy->protect, k->protect_frames);
	WRITE_ONCE(secy->replay_protect, k->replay_protect);
	WRITE_ONCE(secy->replay_window, k->replay_window);
	WRITE_ONCE(secy->validate, k->validate_frames);
}

/*
 * Whether the device can run @k; where not, the kernel keeps the SecY in
 * software (or refuses to create an offloaded one), and says why in the
 * log: macsec gives the mdos no extack.
 */
static int secnet_macsec_secy_check(struct net_device *dev,
				    const struct macsec_secy *k)
{
	if (k->icv_len != MACSEC_DEFAULT_ICV_LEN) {
		netdev_info(dev, "MACsec offload of %s refused: icvlen %u: the device does only 16\n",
			    k->netdev->name, k->icv_len);
		return -EOPNOTSUPP;
	}
	if (k->key_len != 16 && k->key_len != 32) {
		netdev_info(dev, "MACsec offload of %s refused: key length %u: the device does 16 and 32\n",
			    k->netdev->name, k->key_len);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* A fault injected, or the subsystem down in the device's namespace. */
static int secnet_macsec_may_add(struct secnet_macsec_dev *mdev)
{
	struct net *net = dev_net(mdev->dev);

	if (!secnet_subsys_is_up(net, &secnet_macsec_subsys)) {
		secnet_macsec_net_count(net, SECNET_MACSEC_NET_SECY_DECLINED);
		return -EOPNOTSUPP;
	}
	if (secnet_macsec_fault_take(mdev, SECNET_MACSEC_FAULT_REFUSE_ADD)) {
		netdev_dbg(mdev->dev, "MACsec add refused: injected fault\n");
		secnet_macsec_net_count(net, SECNET_MACSEC_NET_REFUSED);
		return -EIO;
	}
	return 0;
}

static int secnet_macsec_add_secy(struct macsec_context *ctx)
{
	struct secnet_macsec_dev *mdev = secnet_macsec_ctx_dev(ctx);
	struct secnet_macsec_secy *secy;
	int err;

	err = secnet_macsec_may_add(mdev);
	if (err)
		return err;
	err = secnet_macsec_secy_check(mdev->dev, ctx->secy);
	if (err) {
		secnet_macsec_net_count(dev_net(mdev->dev),
					SECNET_MACSEC_NET_SECY_DECLINED);
		return err;
	}
	secy = kzalloc(sizeof(*secy), GFP_KERNEL_ACCOUNT);
	if (!secy)
		return -ENOMEM;
	secy->ctrs = secnet_ctrs_alloc(SECNET_MACSEC_SECY_CTRS,
				       GFP_KERNEL_ACCOUNT);
	if (!secy->ctrs) {
		kfree(secy);
		return -ENOMEM;
	}
	secy->mdev = mdev;
	secy->ksecy = ctx->secy;
	secy->key_len = ctx->secy->key_len;
	secy->icv_len = ctx->secy->icv_len;
	secy->xpn = ctx->secy->xpn;
	INIT_LIST_HEAD(&secy->rxscs);
	secnet_macsec_secy_copy(secy);
	list_add_tail_rcu(&secy->list, &mdev->secys);
	WRITE_ONCE(mdev->n_secys, mdev->n_secys + 1);
	secnet_macsec_sc_add(mdev->tx_hash, &secy->sc, ctx->secy->sci);
	secnet_macsec_net_count(dev_net(mdev->dev),
				SECNET_MACSEC_NET_SECY_ADDED);
	return 0;
}

static int secnet_macsec_upd_secy(struct macsec_context *ctx)
{
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);
	int err;

	if (!secy)
		return -ENOENT;
	err = secnet_macsec_secy_check(ctx->netdev, ctx->secy);
	if (err)
		return err;
	secnet_macsec_secy_copy(secy);
	return 0;
}

static void secnet_macsec_sa_free_work(struct work_struct *work)
{
	struct secnet_macsec_sa *sa = container_of(to_rcu_work(work),
						   struct secnet_macsec_sa,
						   free_work);

	secnet_macsec_crypto_destroy(&sa->crypto);
	free_percpu(sa->ctrs);
	kfree_sensitive(sa);
}

/* Takes the SA out of *@slot; freed once no packet can be using it. */
static void secnet_macsec_sa_del(struct secnet_macsec_dev *mdev,
				 struct secnet_macsec_sa __rcu **slot)
{
	struct secnet_macsec_sa *sa = rtnl_dereference(*slot);

	if (!sa)
		return;
	RCU_INIT_POINTER(*slot, NULL);
	mdev->n_sas--;
	INIT_RCU_WORK(&sa->free_work, secnet_macsec_sa_free_work);
	queue_rcu_work(secnet_macsec_wq, &sa->free_work);
}

/*
 * A new SA for *@slot, keyed from @ctx; the caller fills in the PN and
 * state and publishes it.
 */
static struct secnet_macsec_sa *
secnet_macsec_sa_new(struct secnet_macsec_dev *mdev,
		     struct secnet_macsec_secy *secy,
		     struct secnet_macsec_sa __rcu **slot,
		     const struct macsec_context *ctx, unsigned int n_ctrs,
		     ssci_t ssci, const salt_t *salt)
{
	struct secnet_macsec_sa *sa;
	int err;

	if (rtnl_dereference(*slot))
		return ERR_PTR(-EEXIST);
	err = secnet_macsec_may_add(mdev);
	if (err)
		return ERR_PTR(err);
	if (mdev->n_sas >= READ_ONCE(max_sas)) {
		netdev_info(mdev->dev, "MACsec SA refused: the device holds %u SAs (max_sas)\n",
			    mdev->n_sas);
		secnet_macsec_net_count(dev_net(mdev->dev),
					SECNET_MACSEC_NET_REFUSED);
		return ERR_PTR(-ENOSPC);
	}
	sa = kzalloc(sizeof(*sa), GFP_KERNEL_ACCOUNT);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->ctrs = secnet_ctrs_alloc(n_ctrs, GFP_KERNEL_ACCOUNT);
	err = sa->ctrs ? 0 : -ENOMEM;
	if (!err)
		err = secnet_macsec_crypto_init(&sa->crypto, ctx->sa.key,
						secy->key_len, secy->icv_len,
						secy->xpn, ssci, salt);
	if (err) {
		free_percpu(sa->ctrs);
		kfree(sa);
		return ERR_PTR(err);
	}
	sa->an = ctx->sa.assoc_num;
	mdev->n_sas++;
	secnet_macsec_net_count(dev_net(mdev->dev), SECNET_MACSEC_NET_SA_ADDED);
	return sa;
}

static void secnet_macsec_rxsc_free_rcu(struct rcu_head *head)
{
	struct secnet_macsec_rxsc *rxsc = container_of(head,
						       struct secnet_macsec_rxsc,
						       rcu);

	/* Frames still carrying it hold their own references. */
	dst_release(&rxsc->md_dst->dst);
	free_percpu(rxsc->ctrs);
	kfree(rxsc);
}

static void secnet_macsec_rxsc_del(struct secnet_macsec_rxsc *rxsc)
{
	struct secnet_macsec_dev *mdev = rxsc->secy->mdev;
	int an;

	hlist_del_rcu(&rxsc->sc.node);
	list_del_rcu(&rxsc->list);
	for (an = 0; an < MACSEC_NUM_AN; an++)
		secnet_macsec_sa_del(mdev, &rxsc->sa[an]);
	call_rcu(&rxsc->rcu, secnet_macsec_rxsc_free_rcu);
}

static void secnet_macsec_secy_free_rcu(struct rcu_head *head)
{
	struct secnet_macsec_secy *secy = container_of(head,
						       struct secnet_macsec_secy,
						       rcu);

	free_percpu(secy->ctrs);
	kfree(secy);
}

static void secnet_macsec_secy_del(struct secnet_macsec_secy *secy)
{
	struct secnet_macsec_rxsc *rxsc, *tmp;
	int an;

	hlist_del_rcu(&secy->sc.node);
	list_del_rcu(&secy->list);
	WRITE_ONCE(secy->mdev->n_secys, secy->mdev->n_secys - 1);
	for (an = 0; an < MACSEC_NUM_AN; an++)
		secnet_macsec_sa_del(secy->mdev, &secy->tx_sa[an]);
	list_for_each_entry_safe(rxsc, tmp, &secy->rxscs, list)
		secnet_macsec_rxsc_del(rxsc);
	call_rcu(&secy->rcu, secnet_macsec_secy_free_rcu);
}

static int secnet_macsec_del_secy(struct macsec_context *ctx)
{
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);

	if (!secy)
		return -ENOENT;
	secnet_macsec_secy_del(secy);
	return 0;
}

void secnet_macsec_flush(struct secnet_macsec_dev *mdev)
{
	struct secnet_macsec_secy *secy, *tmp;

	list_for_each_entry_safe(secy, tmp, &mdev->secys, list)
		secnet_macsec_secy_del(secy);
}

/* The SecY settings that depend on the RX SCs (send_sci) follow them. */
static int secnet_macsec_add_rxsc(struct macsec_context *ctx)
{
	struct secnet_macsec_dev *mdev = secnet_macsec_ctx_dev(ctx);
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);
	struct secnet_macsec_rxsc *rxsc;
	int err;

	if (!secy)
		return -ENOENT;
	if (secnet_macsec_secy_rxsc(secy, ctx->rx_sc->sci))
		return -EEXIST;
	err = secnet_macsec_may_add(mdev);
	if (err)
		return err;
	rxsc = kzalloc(sizeof(*rxsc), GFP_KERNEL_ACCOUNT);
	if (!rxsc)
		return -ENOMEM;
	rxsc->ctrs = secnet_ctrs_alloc(SECNET_MACSEC_RXSC_CTRS,
				       GFP_KERNEL_ACCOUNT);
	rxsc->md_dst = metadata_dst_alloc(0, METADATA_MACSEC,
					  GFP_KERNEL_ACCOUNT);
	if (!rxsc->ctrs || !rxsc->md_dst) {
		if (rxsc->md_dst)
			dst_release(&rxsc->md_dst->dst);
		free_percpu(rxsc->ctrs);
		kfree(rxsc);
		return -ENOMEM;
	}
	rxsc->md_dst->u.macsec_info.sci = ctx->rx_sc->sci;
	rxsc->secy = secy;
	WRITE_ONCE(rxsc->active, ctx->rx_sc->active);
	list_add_tail_rcu(&rxsc->list, &secy->rxscs);
	secnet_macsec_sc_add(mdev->rx_hash, &rxsc->sc, ctx->rx_sc->sci);
	secnet_macsec_secy_copy(secy);
	return 0;
}

static struct secnet_macsec_rxsc *secnet_macsec_ctx_rxsc(const struct macsec_context *ctx,
							 const struct macsec_rx_sc *krxsc)
{
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);

	return secy ? secnet_macsec_secy_rxsc(secy, krxsc->sci) : NULL;
}

static int secnet_macsec_upd_rxsc(struct macsec_context *ctx)
{
	struct secnet_macsec_rxsc *rxsc = secnet_macsec_ctx_rxsc(ctx,
								 ctx->rx_sc);

	if (!rxsc)
		return -ENOENT;
	WRITE_ONCE(rxsc->active, ctx->rx_sc->active);
	secnet_macsec_secy_copy(rxsc->secy);
	return 0;
}

static int secnet_macsec_del_rxsc(struct macsec_context *ctx)
{
	struct secnet_macsec_rxsc *rxsc = secnet_macsec_ctx_rxsc(ctx,
								 ctx->rx_sc);
	struct secnet_macsec_secy *secy;

	if (!rxsc)
		return -ENOENT;
	/* Freed a grace period after the delete, which may be over by then. */
	secy = rxsc->secy;
	secnet_macsec_rxsc_del(rxsc);
	secnet_macsec_secy_copy(secy);
	return 0;
}

/*
 * Where the device keeps @ctx's SA: its SecY's TX SAs or its RX SC's RX
 * SAs, by AN; NULL if that SecY or RX SC is not the device's.
 */
static struct secnet_macsec_sa __rcu **
secnet_macsec_ctx_slot(const struct macsec_context *ctx, bool tx)
{
	struct secnet_macsec_secy *secy;
	struct secnet_macsec_rxsc *rxsc;

	if (tx) {
		secy = secnet_macsec_ctx_secy(ctx);
		return secy ? &secy->tx_sa[ctx->sa.assoc_num] : NULL;
	}
	rxsc = secnet_macsec_ctx_rxsc(ctx, ctx->sa.rx_sa->sc);
	return rxsc ? &rxsc->sa[ctx->sa.assoc_num] : NULL;
}

static struct secnet_macsec_sa *
secnet_macsec_ctx_sa(const struct macsec_context *ctx, bool tx)
{
	struct secnet_macsec_sa __rcu **slot = secnet_macsec_ctx_slot(ctx, tx);

	return slot ? rtnl_dereference(*slot) : NULL;
}

/* What the kernel's TX or RX SA of @ctx says: the two are alike. */
struct secnet_macsec_ksa {
	ssci_t ssci;
	const salt_t *salt;
	u64 next_pn;
	bool active;
};

static struct secnet_macsec_ksa
secnet_macsec_ctx_ksa(const struct macsec_context *ctx, bool tx)
{
	if (tx)
		return (struct secnet_macsec_ksa){
			ctx->sa.tx_sa->ssci, &ctx->sa.tx_sa->key.salt,
			ctx->sa.tx_sa->next_pn, ctx->sa.tx_sa->active,
		};
	return (struct secnet_macsec_ksa){
		ctx->sa.rx_sa->ssci, &ctx->sa.rx_sa->key.salt,
		ctx->sa.rx_sa->next_pn, ctx->sa.rx_sa->active,
	};
}

static int secnet_macsec_sa_add(struct macsec_context *ctx, bool tx)
{
	struct secnet_macsec_sa __rcu **slot = secnet_macsec_ctx_slot(ctx, tx);
	struct secnet_macsec_ksa k = secnet_macsec_ctx_ksa(ctx, tx);
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);
	struct secnet_macsec_sa *sa;

	if (!slot || !secy)
		return -ENOENT;
	sa = secnet_macsec_sa_new(secy->mdev, secy, slot, ctx,
				  tx ? SECNET_MACSEC_TXSA_CTRS :
				       SECNET_MACSEC_RXSA_CTRS,
				  k.ssci, k.salt);
	if (IS_ERR(sa))
		return PTR_ERR(sa);
	sa->ksa = tx ? ctx->sa.tx_sa : NULL;
	atomic64_set(&sa->next_pn, k.next_pn);
	sa->active = k.active;
	rcu_assign_pointer(*slot, sa);
	return 0;
}

static int secnet_macsec_sa_upd(struct macsec_context *ctx, bool tx)
{
	struct secnet_macsec_sa *sa = secnet_macsec_ctx_sa(ctx, tx);
	struct secnet_macsec_ksa k = secnet_macsec_ctx_ksa(ctx, tx);

	if (!sa)
		return -ENOENT;
	if (ctx->sa.update_pn)
		atomic64_set(&sa->next_pn, k.next_pn);
	WRITE_ONCE(sa->active, k.active);
	return 0;
}

static int secnet_macsec_sa_del_ctx(struct macsec_context *ctx, bool tx)
{
	struct secnet_macsec_sa __rcu **slot = secnet_macsec_ctx_slot(ctx, tx);

	if (!slot || !rtnl_dereference(*slot))
		return -ENOENT;
	secnet_macsec_sa_del(secnet_macsec_ctx_dev(ctx), slot);
	return 0;
}

static int secnet_macsec_add_rxsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_add(ctx, false);
}

static int secnet_macsec_upd_rxsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_upd(ctx, false);
}

static int secnet_macsec_del_rxsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_del_ctx(ctx, false);
}

static int secnet_macsec_add_txsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_add(ctx, true);
}

static int secnet_macsec_upd_txsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_upd(ctx, true);
}

static int secnet_macsec_del_txsa(struct macsec_context *ctx)
{
	return secnet_macsec_sa_del_ctx(ctx, true);
}

unsigned int secnet_macsec_pn_jump(struct secnet_macsec_dev *mdev,
				   int macsec_ifindex, int an, u32 left)
{
	struct secnet_macsec_secy *secy;
	struct secnet_macsec_sa *sa;
	unsigned int n = 0;

	ASSERT_RTNL();
	list_for_each_entry(secy, &mdev->secys, list) {
		if (macsec_ifindex && secy->ksecy->netdev->ifindex != macsec_ifindex)
			continue;
		sa = rtnl_dereference(secy->tx_sa[an < 0 ? secy->encoding_sa : an]);
		if (!sa)
			continue;
		/* @left frames: the last of them has the PN space's last PN. */
		atomic64_set(&sa->next_pn,
			     secnet_macsec_pn_max(secy->xpn) - left + 1);
		n++;
	}
	return n;
}

static int secnet_macsec_get_dev_stats(struct macsec_context *ctx)
{
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);
	u64 v[SECNET_MACSEC_SECY_CTRS];

	BUILD_BUG_ON(sizeof(*ctx->stats.dev_stats) !=
		     SECNET_MACSEC_OUT_PKTS_PROTECTED * sizeof(u64));
	if (!secy)
		return -ENOENT;
	secnet_ctrs_sum(secy->ctrs, SECNET_MACSEC_SECY_CTRS, v);
	memcpy(ctx->stats.dev_stats, v, sizeof(*ctx->stats.dev_stats));
	return 0;
}

/*
 * The kernel's statistics structs are our counters in the same order, the
 * per-SA ones as u32.
 */
static void secnet_macsec_stats_u32(struct secnet_ctrs __percpu *ctrs,
				    unsigned int n, u32 *out)
{
	u64 v[SECNET_MACSEC_RXSA_CTRS];
	unsigned int i;

	secnet_ctrs_sum(ctrs, n, v);
	for (i = 0; i < n; i++)
		out[i] = v[i];
}

/*
 * The device's PN where the kernel keeps the SA's: macsec reads it right
 * after the statistics to show it (`ip macsec show`), and has no other use
 * for it while the SA is offloaded.  An exhausted SA shows PN 0, as a
 * software one that wrapped does.
 */
static void secnet_macsec_pn_report(spinlock_t *lock, u64 *next_pn,
				    const struct secnet_macsec_sa *sa)
{
	spin_lock_bh(lock);
	*next_pn = atomic64_read(&sa->next_pn);
	spin_unlock_bh(lock);
}

static int secnet_macsec_get_tx_sc_stats(struct macsec_context *ctx)
{
	struct secnet_macsec_secy *secy = secnet_macsec_ctx_secy(ctx);
	u64 v[SECNET_MACSEC_SECY_CTRS];

	BUILD_BUG_ON(sizeof(*ctx->stats.tx_sc_stats) !=
		     (SECNET_MACSEC_SECY_CTRS - SECNET_MACSEC_OUT_PKTS_PROTECTED) *
		     sizeof(u64));
	if (!secy)
		return -ENOENT;
	secnet_ctrs_sum(secy->ctrs, SECNET_MACSEC_SECY_CTRS, v);
	memcpy(ctx->stats.tx_sc_stats, v + SECNET_MACSEC_OUT_PKTS_PROTECTED,
	       sizeof(*ctx->stats.tx_sc_stats));
	return 0;
}

static int secnet_macsec_get_tx_sa_stats(struct macsec_context *ctx)
{
	struct secnet_macsec_sa *sa = secnet_macsec_ctx_sa(ctx, true);

	BUILD_BUG_ON(sizeof(*ctx->stats.tx_sa_stats) !=
		     SECNET_MACSEC_TXSA_CTRS * sizeof(u32));
	if (!sa)
		return -ENOENT;
	secnet_macsec_stats_u32(sa->ctrs, SECNET_MACSEC_TXSA_CTRS,
				(u32 *)ctx->stats.tx_sa_stats);
	secnet_macsec_pn_report(&ctx->sa.tx_sa->lock, &ctx->sa.tx_sa->next_pn,
				sa);
	return 0;
}

static int secnet_macsec_get_rx_sc_stats(struct macsec_context *ctx)
{
	struct secnet_macsec_rxsc *rxsc = secnet_macsec_ctx_rxsc(ctx,
								 ctx->rx_sc);

	BUILD_BUG_ON(sizeof(*ctx->stats.rx_sc_stats) !=
		     SECNET_MACSEC_RXSC_CTRS * sizeof(u64));
	if (!rxsc)
		return -ENOENT;
	secnet_ctrs_sum(rxsc->ctrs, SECNET_MACSEC_RXSC_CTRS,
			(u64 *)ctx->stats.rx_sc_stats);
	return 0;
}

static int secnet_macsec_get_rx_sa_stats(struct macsec_context *ctx)
{
	struct secnet_macsec_sa *sa = secnet_macsec_ctx_sa(ctx, false);

	BUILD_BUG_ON(sizeof(*ctx->stats.rx_sa_stats) !=
		     SECNET_MACSEC_RXSA_CTRS * sizeof(u32));
	if (!sa)
		return -ENOENT;
	secnet_macsec_stats_u32(sa->ctrs, SECNET_MACSEC_RXSA_CTRS,
				(u32 *)ctx->stats.rx_sa_stats);
	secnet_macsec_pn_report(&ctx->sa.rx_sa->lock, &ctx->sa.rx_sa->next_pn,
				sa);
	return 0;
}

const struct macsec_ops secnet_macsec_mdo_ops = {
	.mdo_add_secy		= secnet_macsec_add_secy,
	.mdo_upd_secy		= secnet_macsec_upd_secy,
	.mdo_del_secy		= secnet_macsec_del_secy,
	.mdo_add_rxsc		= secnet_macsec_add_rxsc,
	.mdo_upd_rxsc		= secnet_macsec_upd_rxsc,
	.mdo_del_rxsc		= secnet_macsec_del_rxsc,
	.mdo_add_rxsa		= secnet_macsec_add_rxsa,
	.mdo_upd_rxsa		= secnet_macsec_upd_rxsa,
	.mdo_del_rxsa		= secnet_macsec_del_rxsa,
	.mdo_add_txsa		= secnet_macsec_add_txsa,
	.mdo_upd_txsa		= secnet_macsec_upd_txsa,
	.mdo_del_txsa		= secnet_macsec_del_txsa,
	.mdo_get_dev_stats	= secnet_macsec_get_dev_stats,
	.mdo_get_tx_sc_stats	= secnet_macsec_get_tx_sc_stats,
	.mdo_get_tx_sa_stats	= secnet_macsec_get_tx_sa_stats,
	.mdo_get_rx_sc_stats	= secnet_macsec_get_rx_sc_stats,
	.mdo_get_rx_sa_stats	= secnet_macsec_get_rx_sa_stats,
};
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_mdo_ops);
