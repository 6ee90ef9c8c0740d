/* SPDX-License-Identifier: GPL-2.0 */
/*
 * secnet_xfrm: IPsec ESP crypto offload emulated by the secnet device pair.
 * The device does what an inline-crypto NIC does: on transmit it writes the
 * IV, encrypts and writes the ICV of the ESP packets the stack prepared; on
 * receive it decrypts and verifies them and hands them up marked as done.
 */
#ifndef _SECNET_XFRM_H
#define _SECNET_XFRM_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <crypto/aead.h>
#include <net/xfrm.h>

#include "secnet.h"

/* The only transform the device does: AES-GCM with a 16-byte ICV. */
#define SECNET_XFRM_ALG		"rfc4106(gcm(aes))"
#define SECNET_XFRM_ICV_LEN	16
#define SECNET_XFRM_SALT_LEN	4
/* ESP header (SPI, sequence number) and the IV that follows it. */
#define SECNET_XFRM_ESP_LEN	8
#define SECNET_XFRM_IV_LEN	8
#define SECNET_XFRM_HDR_LEN	(SECNET_XFRM_ESP_LEN + SECNET_XFRM_IV_LEN)

/**
 * struct secnet_xfrm_crypto - one SA's transform
 * @aead: rfc4106(gcm(aes)), keyed with key and salt
 * @iv_salt: XORed into the 64-bit sequence number to make the IV, as the
 *	kernel's seqiv does with its own random salt, so that the packets
 *	are the ones software ESP would have sent
 * @esn: extended sequence numbers (the high half joins the AAD)
 */
struct secnet_xfrm_crypto {
	struct secnet_aead aead;
	u8 iv_salt[SECNET_XFRM_IV_LEN];
	bool esn;
};

int secnet_xfrm_crypto_init(struct secnet_xfrm_crypto *c, const u8 *key,
			    unsigned int key_len, bool esn);
void secnet_xfrm_crypto_destroy(struct secnet_xfrm_crypto *c);
/* Scatterlist entries the transform fills before the payload: AAD, IV. */
#define SECNET_XFRM_SG_HEAD	2

int secnet_xfrm_seal_sg(const struct secnet_xfrm_crypto *c, u8 *esp,
			struct scatterlist *src, struct scatterlist *dst,
			unsigned int len, u64 seq);
int secnet_xfrm_open_sg(const struct secnet_xfrm_crypto *c, u8 *esp,
			struct scatterlist *sg, unsigned int len, u32 seq_hi);
int secnet_xfrm_seal(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u64 seq);
int secnet_xfrm_open(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u32 seq_hi);

/* A device's counters, in `ethtool -S` order after esp_sa_offloaded. */
enum secnet_xfrm_dev_ctr {
	SECNET_XFRM_TX_PACKETS,
	SECNET_XFRM_TX_BYTES,
	SECNET_XFRM_RX_PACKETS,
	SECNET_XFRM_RX_BYTES,
	SECNET_XFRM_RX_AUTH_FAIL,
	SECNET_XFRM_TX_DROPPED,
	SECNET_XFRM_RX_DROPPED,
	SECNET_XFRM_FAULTS_INJECTED,

	SECNET_XFRM_DEV_CTRS
};

enum secnet_xfrm_sa_ctr {
	SECNET_XFRM_SA_PACKETS,
	SECNET_XFRM_SA_BYTES,
	SECNET_XFRM_SA_AUTH_FAILS,

	SECNET_XFRM_SA_CTRS
};

enum secnet_xfrm_fault {
	SECNET_XFRM_FAULT_REFUSE_ADD,
	SECNET_XFRM_FAULT_CORRUPT_ICV,
	SECNET_XFRM_FAULT_DROP_TX,
	SECNET_XFRM_FAULT_DROP_RX,

	SECNET_XFRM_FAULTS
};

#define SECNET_XFRM_RX_BUCKETS	256

/**
 * struct secnet_xfrm_dev - the emulated crypto engine of one secnet device
 * @dev: the device
 * @ctrs: enum secnet_xfrm_dev_ctr counters
 * @sas: every SA of this device, dead or alive; under secnet_xfrm_sas' lock
 * @n_sas: the live ones (not yet deleted by the kernel); same lock
 * @faults: faults still to inject, each counting down to 0
 * @rx_hash: the live inbound SAs by SPI and destination; written under the
 *	lock, read under RCU
 */
struct secnet_xfrm_dev {
	struct net_device *dev;
	struct secnet_ctrs __percpu *ctrs;
	struct list_head sas;
	unsigned int n_sas;
	atomic_t faults[SECNET_XFRM_FAULTS];
	struct hlist_head rx_hash[SECNET_XFRM_RX_BUCKETS];
};

/**
 * struct secnet_xfrm_sa - an xfrm state offloaded to a secnet device
 * @x: the state; not held: the kernel frees the SA before the state
 * @sdev: the device's engine
 * @id: index in secnet_xfrm_sas and the state's offload_handle
 * @dir: XFRM_DEV_OFFLOAD_IN or _OUT
 * @dead: the kernel deleted the state; it waits for the free
 * @dev_node: in @sdev->sas
 * @rx_node: in @sdev->rx_hash while live, for inbound SAs
 * @crypto: the transform
 * @ctrs: enum secnet_xfrm_sa_ctr counters
 * @ready: @crypto is made; until then the state is done in software
 * @key: for @init_work, a copy of the key (@key_len bytes), wiped once used
 * @init_work: makes @crypto for an SA added where that could not sleep
 * @free_work: frees it a grace period after it left the table
 */
struct secnet_xfrm_sa {
	struct xfrm_state *x;
	struct secnet_xfrm_dev *sdev;
	u32 id;
	u8 dir;
	bool dead;
	struct list_head dev_node;
	struct hlist_node rx_node;
	struct secnet_xfrm_crypto crypto;
	struct secnet_ctrs __percpu *ctrs;
	bool ready;
	u8 *key;
	unsigned int key_len;
	struct work_struct init_work;
	struct rcu_work free_work;
};

/* Whether @sa's transform is made; under RCU or the table's lock. */
static inline bool secnet_xfrm_sa_ready(const struct secnet_xfrm_sa *sa)
{
	/* Pairs with the release in secnet_xfrm_sa_init_work(). */
	return smp_load_acquire(&sa->ready);
}

/*
 * Every SA by id.  Its lock also guards the devices' lists and hashes; the
 * data path reads it under RCU.
 */
extern struct xarray secnet_xfrm_sas;

int secnet_xfrm_sa_init(void);
void secnet_xfrm_sa_exit(void);
int secnet_xfrm_sa_add(struct secnet_xfrm_dev *sdev, struct xfrm_state *x,
		       unsigned int max_sas);
void secnet_xfrm_sa_delete(struct xfrm_state *x);
void secnet_xfrm_sa_free(struct xfrm_state *x);
void secnet_xfrm_sa_flush(struct secnet_xfrm_dev *sdev);
struct secnet_xfrm_sa *secnet_xfrm_sa_find(const struct xfrm_state *x);
struct secnet_xfrm_sa *secnet_xfrm_sa_lookup_rx(struct secnet_xfrm_dev *sdev,
						unsigned short family,
						const xfrm_address_t *daddr,
						__be32 spi);
int secnet_xfrm_sa_check(const struct xfrm_state *x,
			 const char **reason);

bool secnet_xfrm_fault_take(struct secnet_xfrm_dev *sdev,
			    enum secnet_xfrm_fault f);

/* Per-namespace counters of the "xfrm" subsystem. */
enum secnet_xfrm_net_ctr {
	SECNET_XFRM_NET_SA_ADDED,
	SECNET_XFRM_NET_SA_DECLINED,
	SECNET_XFRM_NET_SA_REFUSED,
	SECNET_XFRM_NET_SA_FREED,

	SECNET_XFRM_NET_CTRS
};

void secnet_xfrm_net_count(struct net *net, enum secnet_xfrm_net_ctr c);

extern struct secnet_subsys secnet_xfrm_subsys;
extern const struct secnet_offload secnet_xfrm_offload;
extern const struct secnet_cmd_ops secnet_xfrm_cmd_ops[];
extern const unsigned int secnet_xfrm_n_cmd_ops;

#endif /* _SECNET_XFRM_H */
