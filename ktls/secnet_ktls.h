/* SPDX-License-Identifier: GPL-2.0 */
/*
 * secnet_ktls: kTLS device offload emulated by the secnet device pair.  The
 * device does what an inline TLS NIC does for a TLS 1.2 AES-GCM socket: on
 * transmit it encrypts the plaintext records the stack hands it and writes
 * their tags; on receive it follows each offloaded flow's record stream,
 * decrypts and authenticates what it can and marks it decrypted, and when
 * it loses the stream (loss, reordering) it finds a record header again and
 * asks the kernel to confirm it (TLS_OFFLOAD_SYNC_TYPE_DRIVER_REQ).
 */
#ifndef _SECNET_KTLS_H
#define _SECNET_KTLS_H

#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/tls.h>

#include "secnet.h"

/* TLS 1.2 AES-GCM record layout (RFC 5288): header, explicit nonce, tag. */
#define SECNET_KTLS_HDR_LEN	5
#define SECNET_KTLS_NONCE_LEN	8
#define SECNET_KTLS_SALT_LEN	4
#define SECNET_KTLS_TAG_LEN	16
#define SECNET_KTLS_AAD_LEN	13
/* Header and explicit nonce: what precedes a record's ciphertext. */
#define SECNET_KTLS_PREFIX_LEN	(SECNET_KTLS_HDR_LEN + SECNET_KTLS_NONCE_LEN)
/* Longest plaintext of a record, and the longest record on the wire. */
#define SECNET_KTLS_MAX_PLAIN	16384
#define SECNET_KTLS_MAX_RECORD	(SECNET_KTLS_PREFIX_LEN + \
				 SECNET_KTLS_MAX_PLAIN + SECNET_KTLS_TAG_LEN)

/* Per-device counters, in `ethtool -S` order (secnet_ktls_stat_names). */
enum secnet_ktls_stat {
	SECNET_KTLS_TX_CTX,		/* TX contexts added */
	SECNET_KTLS_TX_DEL,		/* and deleted */
	SECNET_KTLS_TX_PACKETS,		/* packets with records encrypted */
	SECNET_KTLS_TX_BYTES,		/* record bytes encrypted */
	SECNET_KTLS_TX_RECORDS,		/* record tags written */
	SECNET_KTLS_TX_OOO,		/* packets not following the last */
	SECNET_KTLS_TX_DROP_NO_RECORD,	/* data the kernel has no record of */
	SECNET_KTLS_TX_DROP_NOMEM,
	SECNET_KTLS_RX_CTX,
	SECNET_KTLS_RX_DEL,
	SECNET_KTLS_RX_PACKETS,		/* packets marked decrypted */
	SECNET_KTLS_RX_BYTES,		/* record bytes decrypted */
	SECNET_KTLS_RX_RECORDS,		/* records decrypted and verified */
	SECNET_KTLS_RX_AHEAD,		/* of which across a queued segment */
	SECNET_KTLS_RX_AUTH_FAIL,	/* records whose tag did not verify */
	SECNET_KTLS_RX_UNSYNCED,	/* packets passed up encrypted */
	SECNET_KTLS_RX_RESYNC_REQ,	/* resyncs asked of the kernel */
	SECNET_KTLS_RX_RESYNC_OK,	/* and confirmed by it */
	SECNET_KTLS_REFUSED,		/* tls_dev_add refused */
	SECNET_KTLS_FAULTS,		/* faults injected */

	SECNET_KTLS_STATS
};

extern const char secnet_ktls_stat_names[SECNET_KTLS_STATS][ETH_GSTRING_LEN];

/* Fault counts, in the order of secnet_ktls_faults.attrs. */
enum secnet_ktls_fault {
	SECNET_KTLS_FAULT_REFUSE_ADD,
	SECNET_KTLS_FAULT_DESYNC,

	SECNET_KTLS_FAULTS_N
};

/* Hash bits of a device's RX connection table. */
#define SECNET_KTLS_RX_HASH_BITS	8

/**
 * struct secnet_ktls_dev - a secnet device's kTLS state (the offload's priv)
 * @ctrs: SECNET_KTLS_STATS per-CPU counters
 * @faults: pending fault counts, enum secnet_ktls_fault
 * @lock: serializes writers of @rx_conns and @conns
 * @rx_conns: RX connections by 4-tuple (RCU readers on receive)
 * @conns: every connection of the device, both directions (RCU readers:
 *	the family's dump)
 * @n_conns: entries in @conns
 * @n_rx: entries in @rx_conns: while 0, receive looks at no packet
 */
struct secnet_ktls_dev {
	struct secnet_ctrs __percpu *ctrs;
	atomic_t faults[SECNET_KTLS_FAULTS_N];
	spinlock_t lock;	/* writers of @rx_conns and @conns */
	DECLARE_HASHTABLE(rx_conns, SECNET_KTLS_RX_HASH_BITS);
	struct list_head conns;
	unsigned int n_conns;
	unsigned int n_rx;
};

static inline void secnet_ktls_count(struct secnet_ktls_dev *kd,
				     enum secnet_ktls_stat s, u64 n)
{
	secnet_ctrs_add(kd->ctrs, s, n);
}

/**
 * struct secnet_ktls_key - a connection's AES-GCM key as the device holds it
 * @aead: gcm(aes), 16-byte tag: whole records
 * @key: the AES key (16 or 32 bytes), for the engines' own transforms
 * @key_len: bytes in @key
 * @salt: the implicit part of the nonce
 *
 * Wiped when the connection is freed.
 */
struct secnet_ktls_key {
	struct secnet_aead aead;
	u8 key[32];
	unsigned int key_len;
	u8 salt[SECNET_KTLS_SALT_LEN];
};

struct secnet_ktls_tx;
struct secnet_ktls_rx;

/**
 * struct secnet_ktls_conn - one offloaded socket and direction
 * @node: in the device's @conns
 * @hnode: RX only: in the device's @rx_conns
 * @free_work: frees the connection after a grace period
 * @kd: the device state it belongs to
 * @dev: the secnet device
 * @sk: RX only: the socket, held (sock_hold) until the connection is
 *	freed; NULL for TX, whose context the kernel deletes only once the
 *	socket is destructed (a reference would keep that from happening)
 * @dir: TLS_OFFLOAD_CTX_DIR_TX or _RX
 * @family: AF_INET or AF_INET6
 * @saddr, @daddr: the socket's local and remote address (IPv4:
 *	v4-mapped, as ipv6_addr_set_v4mapped() stores it)
 * @sport, @dport: the socket's local and remote port
 * @cipher: TLS_CIPHER_AES_GCM_128 or _256
 * @version: TLS_1_2_VERSION
 * @key: the key
 * @lock: serializes the engine's stream state (one flow's packets only)
 * @next_seq: see SECNET_A_KTLS_CONN_NEXT_SEQ; under @lock
 * @rcd_sn: the record number of @next_seq's record; under @lock
 * @synced: RX: the device knows where records are; under @lock
 * @records, @bytes, @resyncs: the connection's counters; under @lock
 * @tx: TX only: the transmit engine's state (tx.c)
 * @rx: RX only: the receive engine's state (rx.c)
 */
struct secnet_ktls_conn {
	struct list_head node;
	struct hlist_node hnode;
	struct rcu_work free_work;
	struct secnet_ktls_dev *kd;
	struct net_device *dev;
	struct sock *sk;
	enum tls_offload_ctx_dir dir;
	u16 family;
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	u16 cipher;
	u16 version;
	struct secnet_ktls_key key;

	spinlock_t lock;	/* the engine's stream state, below */
	u32 next_seq;
	u64 rcd_sn;
	bool synced;
	u64 records;
	u64 bytes;
	u64 resyncs;

	union {
		struct secnet_ktls_tx *tx;
		struct secnet_ktls_rx *rx;
	};
};

/*
 * The connection tls_dev_add stored in the socket's driver state for @dir
 * (NULL before that, and from tls_dev_del on, which clears it before the
 * connection's grace period); callers make sure the socket is offloaded
 * to them, and hold RCU.
 */
static inline struct secnet_ktls_conn *
secnet_ktls_conn_of(struct sock *sk, enum tls_offload_ctx_dir dir)
{
	return READ_ONCE(*(struct secnet_ktls_conn **)
			 tls_driver_ctx(sk, dir));
}

/* The offload registered with the core; tlsdev_ops and data path in conn.c. */
extern const struct secnet_offload secnet_ktls_offload;
/* The module's workqueue, which frees connections (conn.c). */
int secnet_ktls_conn_init(void);
/* Waits for every connection to be freed and destroys the workqueue. */
void secnet_ktls_conn_exit(void);

/* AES-GCM nonce of a record: salt ‖ explicit nonce. */
static inline void secnet_ktls_iv(const struct secnet_ktls_key *k,
				  const u8 nonce[SECNET_KTLS_NONCE_LEN],
				  u8 iv[SECNET_KTLS_SALT_LEN +
					SECNET_KTLS_NONCE_LEN])
{
	memcpy(iv, k->salt, SECNET_KTLS_SALT_LEN);
	memcpy(iv + SECNET_KTLS_SALT_LEN, nonce, SECNET_KTLS_NONCE_LEN);
}

/* The record's AAD (RFC 5246 6.2.3.3): seq_num ‖ type ‖ version ‖ length. */
static inline void secnet_ktls_aad(u64 rcd_sn, u8 type, u16 plain_len,
				   u8 aad[SECNET_KTLS_AAD_LEN])
{
	put_unaligned_be64(rcd_sn, aad);
	aad[8] = type;
	aad[9] = 3;
	aad[10] = 3;
	put_unaligned_be16(plain_len, aad + 11);
}

/*
 * The transmit engine (tx.c).  secnet_ktls_tx_init() sets up @c->tx for a
 * connection whose key is ready (may sleep; 0 or an errno);
 * secnet_ktls_tx_free() frees it (no data path sees it any more).
 */
int secnet_ktls_tx_init(struct secnet_ktls_conn *c, gfp_t gfp);
void secnet_ktls_tx_free(struct secnet_ktls_conn *c);
/*
 * On transmit, in BH under RCU, for every skb @dev sends: encrypts the
 * records of a socket offloaded to @dev, and clears skb->decrypted of
 * whatever leaves.  Returns the skb to deliver or NULL (consumed, counted).
 */
struct sk_buff *secnet_ktls_tx_xmit(struct net_device *dev,
				    struct secnet_ktls_dev *kd,
				    struct sk_buff *skb);

/*
 * The receive engine (rx.c).  secnet_ktls_rx_init() sets up @c->rx for a
 * connection whose key is ready, expecting the record numbered
 * @rcd_sn to start at TCP sequence number @start_seq (may sleep; 0 or an
 * errno); secnet_ktls_rx_free() frees it (no data path sees it any more).
 */
int secnet_ktls_rx_init(struct secnet_ktls_conn *c, u32 start_seq, u64 rcd_sn,
			gfp_t gfp);
void secnet_ktls_rx_free(struct secnet_ktls_conn *c);
/**
 * struct secnet_ktls_rx_next - the segment of the same connection queued
 *	after the one received, which the engine may read, not write
 * @skb: it, its data at the network header
 * @off: where its payload starts
 * @len: payload bytes
 * @seq: the TCP sequence number of its first payload byte
 */
struct secnet_ktls_rx_next {
	struct sk_buff *skb;
	unsigned int off;
	unsigned int len;
	u32 seq;
};

/*
 * On receive, in BH under RCU, for a TCP segment of the RX connection @c:
 * @skb's data at the network header, its payload @payload_off bytes on,
 * starting at TCP sequence number @seq.  Decrypts and marks what it can,
 * or passes the segment up encrypted, never dropping it for that.  Makes
 * what it writes the skb's own first (the sender may still hold the data).
 * @next, if not NULL, is the segment queued after @skb: a record that runs
 * on into it is checked whole at once.  Returns @skb, or a copy of it
 * (@skb then freed), or NULL if memory ran out (@skb freed, counted).
 */
struct sk_buff *secnet_ktls_rx_receive(struct secnet_ktls_conn *c,
				       struct sk_buff *skb,
				       unsigned int payload_off, u32 seq,
				       const struct secnet_ktls_rx_next *next);
/* The kernel's tls_dev_resync for RX: @seq, @rcd_sn as it passes them. */
void secnet_ktls_rx_resync(struct secnet_ktls_conn *c, u32 seq,
			   const u8 *rcd_sn);
#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit: whether a resync is asked for and not confirmed, and its @seq. */
bool secnet_ktls_rx_requested(struct secnet_ktls_conn *c, u32 *seq);
/*
 * KUnit: the next @segments segments as if the vector unit were unusable;
 * the generic GHASH in the role of the vector unit's where there is none.
 */
int secnet_ktls_rx_nosimd(struct secnet_ktls_conn *c, unsigned int segments);
#endif

/* The family's commands (netlink.c). */
extern const struct secnet_cmd_ops secnet_ktls_cmd_ops[];
extern const unsigned int secnet_ktls_n_cmd_ops;
extern const struct secnet_faults secnet_ktls_faults;

/* Net-namespace counters of the "ktls" subsystem (main.c). */
enum secnet_ktls_net_ctr {
	SECNET_KTLS_NET_TX_ADDED,
	SECNET_KTLS_NET_RX_ADDED,
	SECNET_KTLS_NET_DECLINED,
	SECNET_KTLS_NET_REFUSED,

	SECNET_KTLS_NET_CTRS
};

void secnet_ktls_net_count(struct net *net, enum secnet_ktls_net_ctr c);

#endif /* _SECNET_KTLS_H */
