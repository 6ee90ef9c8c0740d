/* SPDX-License-Identifier: GPL-2.0 */
/*
 * secnet_macsec: MACsec (IEEE 802.1AE) offload emulated by the secnet
 * device pair.  The device does what a MACsec NIC does: on transmit it tags,
 * numbers, encrypts (or only authenticates) the plaintext frames macsec
 * hands it for an offloaded SecY; on receive it checks, replay-protects and
 * decrypts the frames of the RX SCs it holds and hands them to their macsec
 * device through the RX SC's metadata dst.
 */
#ifndef _SECNET_MACSEC_H
#define _SECNET_MACSEC_H

#include <linux/hashtable.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <net/dst_metadata.h>
#include <net/macsec.h>

#include "secnet.h"

/* SecTAG (IEEE 802.1AE 9.3): TCI/AN, SL, PN, and the SCI if TCI.SC. */
#define SECNET_MACSEC_TAG_LEN	6
#define SECNET_MACSEC_SCI_LEN	8
#define SECNET_MACSEC_TCI_V	0x80
#define SECNET_MACSEC_TCI_ES	0x40
#define SECNET_MACSEC_TCI_SC	0x20
#define SECNET_MACSEC_TCI_SCB	0x10
#define SECNET_MACSEC_TCI_E	0x08
#define SECNET_MACSEC_TCI_C	0x04
#define SECNET_MACSEC_AN_MASK	0x03
/* A Secure Data shorter than this has its length in SL. */
#define SECNET_MACSEC_SHORT_LEN	48
#define SECNET_MACSEC_IV_LEN	12
/* The frame's headers the AAD starts with: DA, SA, EtherType 0x88E5. */
#define SECNET_MACSEC_ETH_LEN	ETH_HLEN

/* Bytes from DA to the end of the SecTAG. */
static inline unsigned int secnet_macsec_hdr_len(bool sci_present)
{
	return ETH_HLEN + SECNET_MACSEC_TAG_LEN +
	       (sci_present ? SECNET_MACSEC_SCI_LEN : 0);
}

/**
 * struct secnet_macsec_crypto - one SA's transform
 * @aead: gcm(aes) keyed with the SAK, ICV @icv_len bytes
 * @icv_len: 16 (the only length the device does)
 * @xpn: the PN is 64 bits and the IV comes from @ssci and @salt
 * @ssci: XPN: the short SCI of the SA's SC (network order)
 * @salt: XPN: the SA's 12-byte salt
 */
struct secnet_macsec_crypto {
	struct secnet_aead aead;
	unsigned int icv_len;
	bool xpn;
	ssci_t ssci;
	salt_t salt;
};

/* 0, or an errno (-EINVAL for a key length gcm(aes) has not).  Sleeps. */
int secnet_macsec_crypto_init(struct secnet_macsec_crypto *c, const u8 *key,
			      unsigned int key_len, unsigned int icv_len,
			      bool xpn, ssci_t ssci, const salt_t *salt);
/* Frees the transform, wiping the key schedule, the SSCI and the salt. */
void secnet_macsec_crypto_destroy(struct secnet_macsec_crypto *c);

/*
 * The GCM IV of the frame with packet number @pn: @sci ‖ PN for the 32-bit
 * suites, (SSCI ‖ PN) ^ salt for XPN (IEEE 802.1AEbw 14.7).
 */
void secnet_macsec_iv(const struct secnet_macsec_crypto *c, sci_t sci, u64 pn,
		      u8 iv[SECNET_MACSEC_IV_LEN]);

/*
 * The TCI/AN byte a SecY with these settings sends (802.1AE 9.5, as
 * macsec_fill_sectag() does): SC if @sci_present, else ES and SCB as set;
 * E and C if @encrypt, else C only for an ICV other than 16 bytes.
 */
u8 secnet_macsec_tci(bool encrypt, unsigned int icv_len, bool sci_present,
		     bool end_station, bool scb, u8 an);

/*
 * Turns the plaintext Ethernet frame in @skb (data at DA) into a MACsec
 * frame with room for its ICV: makes the frame the device's own and
 * writable, inserts EtherType 0x88E5 and the SecTAG (@tci, SL, the low 32
 * bits of @pn, @sci if TCI.SC) after the MACs and adds @icv_len bytes at
 * the end.  Returns the frame, or NULL (freed) when memory runs out.
 */
struct sk_buff *secnet_macsec_push_tag(struct sk_buff *skb, u8 tci, u64 pn,
				       sci_t sci, unsigned int icv_len);

/*
 * Protects the MACsec frame in @skb (data at DA, SecTAG in place, the ICV's
 * room at the end) with @iv: encrypts the Secure Data and writes the ICV if
 * TCI.E, else writes the ICV over the whole frame.  0 or an errno.
 */
int secnet_macsec_seal(const struct secnet_macsec_crypto *c,
		       struct sk_buff *skb, const u8 iv[SECNET_MACSEC_IV_LEN]);
/*
 * Verifies (and if TCI.E decrypts in place) the MACsec frame in @skb, data
 * at DA, ICV at the end: 0, -EBADMSG if the ICV does not verify, or
 * another errno.  The frame must be the caller's and writable.
 */
int secnet_macsec_open(const struct secnet_macsec_crypto *c,
		       struct sk_buff *skb, const u8 iv[SECNET_MACSEC_IV_LEN]);
/*
 * Strips the SecTAG and the ICV from the frame in @skb (data at DA),
 * leaving DA, SA, the original EtherType and payload.
 */
void secnet_macsec_pull_tag(struct sk_buff *skb, unsigned int icv_len);

/*
 * Checks the SecTAG of the frame in @skb (data at DA, at least the SecTAG
 * in the linear part) as macsec_validate_skb() does (802.1AE 10.6.1):
 * V clear, SC not with ES or SCB, SL's top bits clear and SL exact, a PN
 * other than 0 unless @xpn, room for the ICV.
 */
bool secnet_macsec_tag_valid(const struct sk_buff *skb,
			     unsigned int icv_len, bool xpn);

/* The device's counters, in `ethtool -S` order after the gauges. */
enum secnet_macsec_dev_ctr {
	SECNET_MACSEC_TX_PROTECTED,
	SECNET_MACSEC_TX_ENCRYPTED,
	SECNET_MACSEC_TX_UNTAGGED,
	SECNET_MACSEC_TX_DROPPED,
	SECNET_MACSEC_TX_PN_EXHAUSTED,
	SECNET_MACSEC_RX_VALIDATED,
	SECNET_MACSEC_RX_DECRYPTED,
	SECNET_MACSEC_RX_ICV_FAIL,
	SECNET_MACSEC_RX_LATE,
	SECNET_MACSEC_RX_BAD_TAG,
	SECNET_MACSEC_RX_NO_SA,
	SECNET_MACSEC_RX_UNKNOWN_SCI,
	SECNET_MACSEC_RX_DROPPED,
	SECNET_MACSEC_FAULTS_INJECTED,

	SECNET_MACSEC_DEV_CTRS
};

/* A SecY's counters: the kernel's SecY statistics, then its TX SC's. */
enum secnet_macsec_secy_ctr {
	SECNET_MACSEC_OUT_PKTS_UNTAGGED,
	SECNET_MACSEC_IN_PKTS_UNTAGGED,
	SECNET_MACSEC_OUT_PKTS_TOO_LONG,
	SECNET_MACSEC_IN_PKTS_NO_TAG,
	SECNET_MACSEC_IN_PKTS_BAD_TAG,
	SECNET_MACSEC_IN_PKTS_UNKNOWN_SCI,
	SECNET_MACSEC_IN_PKTS_NO_SCI,
	SECNET_MACSEC_IN_PKTS_OVERRUN,
	SECNET_MACSEC_OUT_PKTS_PROTECTED,
	SECNET_MACSEC_OUT_PKTS_ENCRYPTED,
	SECNET_MACSEC_OUT_OCTETS_PROTECTED,
	SECNET_MACSEC_OUT_OCTETS_ENCRYPTED,

	SECNET_MACSEC_SECY_CTRS
};

/* A TX SA's: OutPktsProtected, OutPktsEncrypted. */
enum secnet_macsec_txsa_ctr {
	SECNET_MACSEC_TXSA_PROTECTED,
	SECNET_MACSEC_TXSA_ENCRYPTED,

	SECNET_MACSEC_TXSA_CTRS
};

/* An RX SC's, as struct macsec_rx_sc_stats. */
enum secnet_macsec_rxsc_ctr {
	SECNET_MACSEC_IN_OCTETS_VALIDATED,
	SECNET_MACSEC_IN_OCTETS_DECRYPTED,
	SECNET_MACSEC_IN_PKTS_UNCHECKED,
	SECNET_MACSEC_IN_PKTS_DELAYED,
	SECNET_MACSEC_IN_PKTS_OK,
	SECNET_MACSEC_IN_PKTS_INVALID,
	SECNET_MACSEC_IN_PKTS_LATE,
	SECNET_MACSEC_IN_PKTS_NOT_VALID,
	SECNET_MACSEC_IN_PKTS_NOT_USING_SA,
	SECNET_MACSEC_IN_PKTS_UNUSED_SA,

	SECNET_MACSEC_RXSC_CTRS
};

/* An RX SA's, as struct macsec_rx_sa_stats. */
enum secnet_macsec_rxsa_ctr {
	SECNET_MACSEC_RXSA_OK,
	SECNET_MACSEC_RXSA_INVALID,
	SECNET_MACSEC_RXSA_NOT_VALID,
	SECNET_MACSEC_RXSA_NOT_USING_SA,
	SECNET_MACSEC_RXSA_UNUSED_SA,

	SECNET_MACSEC_RXSA_CTRS
};

/* The counters' names, as the kernel's statistics call them. */
extern const char *const secnet_macsec_secy_ctr_names[];
extern const char *const secnet_macsec_txsa_ctr_names[];
extern const char *const secnet_macsec_rxsc_ctr_names[];
extern const char *const secnet_macsec_rxsa_ctr_names[];

enum secnet_macsec_fault {
	SECNET_MACSEC_FAULT_REFUSE_ADD,
	SECNET_MACSEC_FAULT_CORRUPT_ICV,

	SECNET_MACSEC_FAULTS
};

#define SECNET_MACSEC_HASH_BITS	6

/**
 * struct secnet_macsec_dev - the emulated MACsec engine of one secnet device
 * @dev: the device
 * @ctrs: enum secnet_macsec_dev_ctr counters
 * @secys: its SecYs; under RTNL
 * @n_secys: entries in @secys
 * @n_sas: TX and RX SAs of all of them
 * @tx_hash: the SecYs by SCI, for transmit; written under RTNL, read
 *	under RCU
 * @rx_hash: the RX SCs of all of them by SCI, for receive; the same
 * @faults: faults still to inject, each counting down to 0
 */
struct secnet_macsec_dev {
	struct net_device *dev;
	struct secnet_ctrs __percpu *ctrs;
	struct list_head secys;
	unsigned int n_secys;
	unsigned int n_sas;
	DECLARE_HASHTABLE(tx_hash, SECNET_MACSEC_HASH_BITS);
	DECLARE_HASHTABLE(rx_hash, SECNET_MACSEC_HASH_BITS);
	atomic_t faults[SECNET_MACSEC_FAULTS];
};

/**
 * struct secnet_macsec_sa - a TX or RX SA held by the device
 * @crypto: its transform
 * @next_pn: TX: the PN of the next frame, 0 (or above 2^32 - 1 for the
 *	32-bit suites) once exhausted; RX: the lowest PN not yet seen as
 *	valid, the replay window's top
 * @active: it sends or receives (the kernel's "on")
 * @an: its association number
 * @ksa: the kernel's TX SA, for macsec_pn_wrapped(); RX: NULL
 * @ctrs: enum secnet_macsec_txsa_ctr or _rxsa_ctr counters
 * @free_work: frees it a grace period after it left its table (from a
 *	work item: freeing a transform may sleep)
 */
struct secnet_macsec_sa {
	struct secnet_macsec_crypto crypto;
	atomic64_t next_pn;
	bool active;
	u8 an;
	struct macsec_tx_sa *ksa;
	struct secnet_ctrs __percpu *ctrs;
	struct rcu_work free_work;
};

struct secnet_macsec_secy;

/**
 * struct secnet_macsec_sc - a secure channel as the data path finds it by
 *	its SCI: a SecY's TX SC (for transmit) or an RX SC (for receive)
 * @node: in the device's tx_hash or rx_hash
 * @sci: the SCI
 */
struct secnet_macsec_sc {
	struct hlist_node node;
	sci_t sci;
};

/**
 * struct secnet_macsec_rxsc - an RX SC held by the device
 * @sc: the peer's SCI, in the device's rx_hash
 * @list: in its SecY's rxscs
 * @secy: the SecY it belongs to
 * @active: receives
 * @sa: its SAs by AN; written under RTNL, read under RCU
 * @md_dst: what the device attaches to the frames it decrypted for it, so
 *	that macsec steers them to its SecY
 * @ctrs: enum secnet_macsec_rxsc_ctr counters
 * @rcu: frees it
 */
struct secnet_macsec_rxsc {
	struct secnet_macsec_sc sc;
	struct list_head list;
	struct secnet_macsec_secy *secy;
	bool active;
	struct secnet_macsec_sa __rcu *sa[MACSEC_NUM_AN];
	struct metadata_dst *md_dst;
	struct secnet_ctrs __percpu *ctrs;
	struct rcu_head rcu;
};

/**
 * struct secnet_macsec_secy - a SecY offloaded to the device: its settings
 *	as the kernel last sent them, its TX SC and RX SCs
 * @sc: its SCI, the TX SC's, in the device's tx_hash
 * @list: in the device's secys
 * @mdev: the device's engine
 * @ksecy: the kernel's SecY (valid until mdo_del_secy)
 * @key_len: 16 or 32
 * @icv_len: 16
 * @xpn: the 64-bit PN suites
 * @encoding_sa: the AN of the TX SA in use
 * @encrypt: confidentiality, or integrity only
 * @send_sci: the SCI goes in every SecTAG (macsec_send_sci(): configured,
 *	or implied by several RX SCs)
 * @end_station: TCI.ES (without the SCI)
 * @scb: TCI.SCB (without the SCI)
 * @protect: protect frames (else they leave untagged)
 * @replay_protect: drop frames below the replay window
 * @replay_window: its size
 * @validate: enum macsec_validation_type
 * @tx_sa: its TX SAs by AN; written under RTNL, read under RCU
 * @rxscs: its RX SCs; under RTNL
 * @ctrs: enum secnet_macsec_secy_ctr counters
 * @rcu: frees it
 */
struct secnet_macsec_secy {
	struct secnet_macsec_sc sc;
	struct list_head list;
	struct secnet_macsec_dev *mdev;
	struct macsec_secy *ksecy;
	u16 key_len;
	u16 icv_len;
	bool xpn;
	u8 encoding_sa;
	bool encrypt;
	bool send_sci;
	bool end_station;
	bool scb;
	bool protect;
	bool replay_protect;
	u32 replay_window;
	u8 validate;
	struct secnet_macsec_sa __rcu *tx_sa[MACSEC_NUM_AN];
	struct list_head rxscs;
	struct secnet_ctrs __percpu *ctrs;
	struct rcu_head rcu;
};

/* The table (secy.c): every mdo_* the core passes on, under RTNL. */
extern const struct macsec_ops secnet_macsec_mdo_ops;
int secnet_macsec_table_init(void);
/* After every device let go of its SecYs. */
void secnet_macsec_table_exit(void);
/* The SecY or RX SC of @mdev with this SCI, or NULL; under RCU. */
struct secnet_macsec_secy *
secnet_macsec_secy_find_rcu(struct secnet_macsec_dev *mdev, sci_t sci);
struct secnet_macsec_rxsc *
secnet_macsec_rxsc_find_rcu(struct secnet_macsec_dev *mdev, sci_t sci);
/* Drops every SecY of @mdev (the device is going); under RTNL. */
void secnet_macsec_flush(struct secnet_macsec_dev *mdev);
bool secnet_macsec_fault_take(struct secnet_macsec_dev *mdev,
			      enum secnet_macsec_fault f);
/*
 * Moves the TX SA @an (or each SecY's encoding SA if @an is negative) of
 * the SecY @macsec_ifindex (or every SecY if 0) of @mdev to the PN that
 * leaves @left frames; the number of SAs moved.  Under RTNL.
 */
unsigned int secnet_macsec_pn_jump(struct secnet_macsec_dev *mdev,
				   int macsec_ifindex, int an, u32 left);

/* The PN space's last PN: 2^32 - 1, or 2^64 - 1 for XPN. */
static inline u64 secnet_macsec_pn_max(bool xpn)
{
	return xpn ? U64_MAX : U32_MAX;
}

#if IS_ENABLED(CONFIG_KUNIT)
/* Transmit's PN allocator (offload.c), for the data path's suite. */
bool secnet_macsec_pn_take(struct secnet_macsec_sa *sa, bool xpn, u64 *pn,
			   bool *last);
#endif

/* Per-namespace counters of the "macsec" subsystem. */
enum secnet_macsec_net_ctr {
	SECNET_MACSEC_NET_SECY_ADDED,
	SECNET_MACSEC_NET_SECY_DECLINED,
	SECNET_MACSEC_NET_REFUSED,
	SECNET_MACSEC_NET_SA_ADDED,

	SECNET_MACSEC_NET_CTRS
};

void secnet_macsec_net_count(struct net *net, enum secnet_macsec_net_ctr c);

extern struct secnet_subsys secnet_macsec_subsys;
extern const struct secnet_offload secnet_macsec_offload;
extern const struct secnet_cmd_ops secnet_macsec_cmd_ops[];
extern const unsigned int secnet_macsec_n_cmd_ops;

#endif /* _SECNET_MACSEC_H */
