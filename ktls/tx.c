// SPDX-License-Identifier: GPL-2.0
/*
 * The transmit engine.  The stack hands an offloaded socket's records to
 * the device in plaintext form (header, explicit nonce, plaintext, a tag
 * placeholder), sliced into TCP segments as TCP pleases.  Like a NIC that
 * fetches a record again from host memory by DMA, the device looks up
 * every record a segment touches in the kernel's own record list
 * (tls_get_record), encrypts the whole record into the connection's
 * record buffer, and builds the segment that leaves from it.  The next
 * segments of the same record, the usual in-order case, are copied from
 * that buffer; a retransmission finds its record again, so nothing
 * depends on the order segments come in.
 *
 * The stack's skb and the record's pages are TCP's retransmit queue: the
 * device never writes into them, and what leaves is a new skb.
 */

#include <crypto/aead.h>
#include <crypto/scatterwalk.h>
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include <net/tls.h>

#include "secnet_ktls.h"

/**
 * struct secnet_ktls_tx - a TX connection's record buffer
 * @start: the TCP sequence number of the buffered record's first byte
 * @len: its length on the wire; 0 while nothing is buffered
 * @sn: its record number
 * @buf: the record as it leaves: header, explicit nonce, ciphertext, tag
 *
 * Under the connection's lock.
 */
struct secnet_ktls_tx {
	u32 start;
	u32 len;
	u64 sn;
	u8 *buf;
};

/* The scratch space of one record's encryption, after its AEAD request. */
struct secnet_ktls_tx_req {
	u8 iv[SECNET_KTLS_SALT_LEN + SECNET_KTLS_NONCE_LEN];
	u8 aad[SECNET_KTLS_AAD_LEN];
	struct scatterlist src[1 + MAX_SKB_FRAGS];
	struct scatterlist dst[2];
};

int secnet_ktls_tx_init(struct secnet_ktls_conn *c, gfp_t gfp)
{
	struct secnet_ktls_tx *tx;

	tx = kzalloc(sizeof(*tx), gfp);
	if (!tx)
		return -ENOMEM;
	/* Physically contiguous: the cipher writes it through a scatterlist. */
	tx->buf = kmalloc(SECNET_KTLS_MAX_RECORD, gfp);
	if (!tx->buf) {
		kfree(tx);
		return -ENOMEM;
	}
	c->tx = tx;
	return 0;
}

/* The buffer holds ciphertext, and headers of plaintext: wiped. */
void secnet_ktls_tx_free(struct secnet_ktls_conn *c)
{
	struct secnet_ktls_tx *tx = c->tx;

	if (!tx)
		return;
	kfree_sensitive(tx->buf);
	kfree(tx);
	c->tx = NULL;
}

/*
 * Fills @sg with the bytes [@off, @off + @len) of a record held in @frags,
 * terminated; returns the entries used, or 0 if the record is shorter.
 */
static unsigned int secnet_ktls_tx_sg(struct scatterlist *sg,
				      const skb_frag_t *frags, unsigned int n,
				      unsigned int off, unsigned int len)
{
	unsigned int i, k = 0, sz;

	sg_init_table(sg, MAX_SKB_FRAGS);
	for (i = 0; i < n && len; i++) {
		sz = skb_frag_size(&frags[i]);
		if (off >= sz) {
			off -= sz;
			continue;
		}
		sz = min(sz - off, len);
		sg_set_page(&sg[k++], skb_frag_page(&frags[i]), sz,
			    skb_frag_off(&frags[i]) + off);
		off = 0;
		len -= sz;
	}
	if (len || !k)
		return 0;
	sg_mark_end(&sg[k - 1]);
	return k;
}

/*
 * Encrypts the record of @len bytes held in @frags, numbered @sn, into
 * @tx->buf: the header and explicit nonce as they are, then ciphertext
 * and tag.  0 or an errno.
 */
static int secnet_ktls_tx_seal(struct secnet_ktls_conn *c,
			       const skb_frag_t *frags, unsigned int n,
			       unsigned int len, u64 sn)
{
	unsigned int plain = len - SECNET_KTLS_PREFIX_LEN - SECNET_KTLS_TAG_LEN;
	struct secnet_ktls_tx *tx = c->tx;
	struct secnet_ktls_tx_req *r;
	struct aead_request *req;
	int err = -EINVAL;

	req = secnet_aead_request(&c->key.aead, sizeof(*r), (void **)&r,
				  GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	/* The header and explicit nonce leave as the stack wrote them. */
	if (!secnet_ktls_tx_sg(r->src + 1, frags, n, 0, SECNET_KTLS_PREFIX_LEN))
		goto out;
	scatterwalk_map_and_copy(tx->buf, r->src + 1, 0, SECNET_KTLS_PREFIX_LEN,
				 0);
	secnet_ktls_iv(&c->key, tx->buf + SECNET_KTLS_HDR_LEN, r->iv);
	secnet_ktls_aad(sn, tx->buf[0], plain, r->aad);

	/* The AAD, followed by the plaintext. */
	sg_init_one(&r->src[0], r->aad, SECNET_KTLS_AAD_LEN);
	sg_unmark_end(&r->src[0]);
	if (!secnet_ktls_tx_sg(r->src + 1, frags, n, SECNET_KTLS_PREFIX_LEN,
			       plain))
		goto out;
	/* The AAD is only read: the same bytes stand in for it in @dst. */
	sg_init_table(r->dst, 2);
	sg_set_buf(&r->dst[0], r->aad, SECNET_KTLS_AAD_LEN);
	sg_set_buf(&r->dst[1], tx->buf + SECNET_KTLS_PREFIX_LEN,
		   plain + SECNET_KTLS_TAG_LEN);
	aead_request_set_crypt(req, r->src, r->dst, plain, r->iv);
	aead_request_set_ad(req, SECNET_KTLS_AAD_LEN);
	err = crypto_aead_encrypt(req);
out:
	kfree_sensitive(req);
	return err;
}

/*
 * Makes @c's buffer hold the record that TCP sequence number @seq falls
 * in.  0, with *@avail the bytes from @seq to the record's end; 1 if @seq
 * precedes the offload (the handshake, sent in plaintext), with *@avail
 * the bytes from @seq to where it started; -ENOENT if the kernel has no
 * record of @seq; -ENOMEM.
 */
static int secnet_ktls_tx_fetch(struct secnet_ktls_conn *c,
				struct tls_offload_context_tx *octx, u32 seq,
				u32 *avail)
{
	struct secnet_ktls_tx *tx = c->tx;
	skb_frag_t frags[MAX_SKB_FRAGS];
	struct tls_record_info *rec;
	unsigned long flags;
	unsigned int i, n;
	u32 start, len;
	u64 sn;
	int err;

	/* A record's bytes never change: the buffered one needs no lookup. */
	if (tx->len && seq - tx->start < tx->len) {
		*avail = tx->start + tx->len - seq;
		return 0;
	}
	spin_lock_irqsave(&octx->lock, flags);
	rec = tls_get_record(octx, seq, &sn);
	if (!rec) {
		spin_unlock_irqrestore(&octx->lock, flags);
		return -ENOENT;
	}
	if (tls_record_is_start_marker(rec)) {
		*avail = rec->end_seq - seq;
		spin_unlock_irqrestore(&octx->lock, flags);
		return 1;
	}
	start = tls_record_start_seq(rec);
	len = rec->len;
	*avail = rec->end_seq - seq;
	n = rec->num_frags;
	if (before(seq, start) || len < SECNET_KTLS_PREFIX_LEN +
	    SECNET_KTLS_TAG_LEN || len > SECNET_KTLS_MAX_RECORD ||
	    n > MAX_SKB_FRAGS) {
		spin_unlock_irqrestore(&octx->lock, flags);
		return -ENOENT;
	}
	/*
	 * Once acked, the kernel frees the record and its pages: the page
	 * references keep them while the device reads them, unlocked.
	 */
	for (i = 0; i < n; i++) {
		frags[i] = rec->frags[i];
		__skb_frag_ref(&frags[i]);
	}
	spin_unlock_irqrestore(&octx->lock, flags);

	tx->len = 0;
	err = secnet_ktls_tx_seal(c, frags, n, len, sn);
	for (i = 0; i < n; i++)
		__skb_frag_unref(&frags[i], false);
	if (err)
		return err == -ENOMEM ? err : -ENOENT;
	tx->start = start;
	tx->len = len;
	tx->sn = sn;
	return 0;
}

/*
 * A new skb with @skb's headers and @len bytes of payload room in page
 * fragments, to be filled; GSO and checksum state as @skb's.
 */
static struct sk_buff *secnet_ktls_tx_skb(struct sk_buff *skb,
					  unsigned int hdr_len,
					  unsigned int len)
{
	struct sk_buff *nskb;
	struct page *page;
	unsigned int i, n;

	if (DIV_ROUND_UP(len, PAGE_SIZE) > MAX_SKB_FRAGS)
		return NULL;
	nskb = alloc_skb(skb_headroom(skb) + hdr_len, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, skb_headroom(skb));
	skb_put_data(nskb, skb->data, hdr_len);
	skb_copy_header(nskb, skb);
	for (i = 0; len; i++, len -= n) {
		page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (!page) {
			kfree_skb(nskb);
			return NULL;
		}
		n = min_t(unsigned int, len, PAGE_SIZE);
		skb_fill_page_desc(nskb, i, page, 0, n);
		nskb->len += n;
		nskb->data_len += n;
		nskb->truesize += PAGE_SIZE;
	}
	return nskb;
}

/*
 * The device has HW_CSUM: TCP leaves the checksum to it (CHECKSUM_PARTIAL),
 * which stays right for the new payload.  Otherwise the checksum covered
 * the plaintext and is computed again here.  0 or an errno.
 */
static int secnet_ktls_tx_csum(struct sk_buff *skb)
{
	struct tcphdr *th = tcp_hdr(skb);
	unsigned int len = skb->len - skb_transport_offset(skb);

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return 0;
	if (skb_is_gso(skb))
		return -EINVAL;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	if (skb->protocol == htons(ETH_P_IP))
		th->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr,
					       ip_hdr(skb)->daddr, len,
					       IPPROTO_TCP, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		th->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
					     &ipv6_hdr(skb)->daddr, len,
					     IPPROTO_TCP, 0);
	else
		return -EINVAL;
	return skb_checksum_help(skb);
}

/* The plaintext bytes of the record in @tx among its bytes [@off, @off+@n). */
static unsigned int secnet_ktls_tx_plain(const struct secnet_ktls_tx *tx,
					 u32 off, u32 n)
{
	u32 lo = max_t(u32, off, SECNET_KTLS_PREFIX_LEN);
	u32 hi = min_t(u32, off + n, tx->len - SECNET_KTLS_TAG_LEN);

	return hi > lo ? hi - lo : 0;
}

/* Why a segment of an offloaded socket could not be sent. */
enum secnet_ktls_tx_verdict {
	SECNET_KTLS_TX_SENT,
	SECNET_KTLS_TX_PLAIN,		/* before the offload: as it is */
	SECNET_KTLS_TX_NO_RECORD,
	SECNET_KTLS_TX_NOMEM,
};

/*
 * Builds in *@nskb the segment @skb (its TCP payload @len bytes from
 * @hdr_len, from sequence number @seq) as it leaves: every record byte
 * from the record buffer.  Under @c->lock.
 */
static enum secnet_ktls_tx_verdict
secnet_ktls_tx_fill(struct secnet_ktls_conn *c,
		    struct tls_offload_context_tx *octx, struct sk_buff *skb,
		    unsigned int hdr_len, unsigned int len, u32 seq,
		    struct sk_buff **nskb)
{
	struct secnet_ktls_dev *kd = c->kd;
	struct secnet_ktls_tx *tx = c->tx;
	u32 done, n = 0, avail = 0, off;
	u64 records = 0, bytes = 0;
	int err;

	if (seq != c->next_seq)
		secnet_ktls_count(kd, SECNET_KTLS_TX_OOO, 1);
	for (done = 0; done < len; done += n) {
		err = secnet_ktls_tx_fetch(c, octx, seq + done, &avail);
		if (err == 1 && !done && avail >= len)
			return SECNET_KTLS_TX_PLAIN;
		if (err == -ENOMEM)
			return SECNET_KTLS_TX_NOMEM;
		if (err)
			return SECNET_KTLS_TX_NO_RECORD;
		if (!*nskb) {
			*nskb = secnet_ktls_tx_skb(skb, hdr_len, len);
			if (!*nskb)
				return SECNET_KTLS_TX_NOMEM;
		}
		n = min(avail, len - done);
		off = seq + done - tx->start;
		if (skb_store_bits(*nskb, hdr_len + done, tx->buf + off, n))
			return SECNET_KTLS_TX_NOMEM;
		bytes += secnet_ktls_tx_plain(tx, off, n);
		/* The segment holds the record's end: its tag. */
		if (n == avail)
			records++;
	}
	c->next_seq = seq + len;
	c->rcd_sn = n == avail ? tx->sn + 1 : tx->sn;
	c->records += records;
	c->bytes += bytes;
	secnet_ktls_count(kd, SECNET_KTLS_TX_PACKETS, 1);
	secnet_ktls_count(kd, SECNET_KTLS_TX_BYTES, bytes);
	secnet_ktls_count(kd, SECNET_KTLS_TX_RECORDS, records);
	return SECNET_KTLS_TX_SENT;
}

/* A segment of a socket offloaded to this device: encrypted, or dropped. */
static struct sk_buff *secnet_ktls_tx_encrypt(struct secnet_ktls_dev *kd,
					      struct tls_context *tls_ctx,
					      struct sk_buff *skb)
{
	struct secnet_ktls_conn *c = secnet_ktls_conn_of(skb->sk,
							 TLS_OFFLOAD_CTX_DIR_TX);
	enum secnet_ktls_tx_verdict v = SECNET_KTLS_TX_NO_RECORD;
	struct sk_buff *nskb = NULL;
	unsigned int hdr_len, len;

	if (unlikely(!c || !skb_transport_header_was_set(skb)))
		goto drop;
	hdr_len = skb_tcp_all_headers(skb);
	if (unlikely(hdr_len > skb_headlen(skb)))
		goto drop;
	len = skb->len - hdr_len;
	if (!len) {
		/* A bare ACK or FIN carries nothing to encrypt. */
		skb->decrypted = 0;
		return skb;
	}
	spin_lock(&c->lock);
	v = secnet_ktls_tx_fill(c, tls_offload_ctx_tx(tls_ctx), skb, hdr_len,
				len, ntohl(tcp_hdr(skb)->seq), &nskb);
	spin_unlock(&c->lock);
	if (v == SECNET_KTLS_TX_PLAIN) {
		skb->decrypted = 0;
		return skb;
	}
	if (v != SECNET_KTLS_TX_SENT)
		goto drop;
	if (unlikely(secnet_ktls_tx_csum(nskb)))
		goto drop;
	nskb->decrypted = 0;
	consume_skb(skb);
	return nskb;

drop:
	kfree_skb(nskb);
	kfree_skb(skb);
	secnet_ktls_count(kd, v == SECNET_KTLS_TX_NOMEM ?
			  SECNET_KTLS_TX_DROP_NOMEM :
			  SECNET_KTLS_TX_DROP_NO_RECORD, 1);
	return NULL;
}

struct sk_buff *secnet_ktls_tx_xmit(struct net_device *dev,
				    struct secnet_ktls_dev *kd,
				    struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (!skb->decrypted)
		return skb;
	if (sk && sk_fullsock(sk) && tls_is_sk_tx_device_offloaded(sk) &&
	    rcu_access_pointer(tls_get_ctx(sk)->netdev) == dev)
		return secnet_ktls_tx_encrypt(kd, tls_get_ctx(sk), skb);
	/*
	 * The kernel's software fallback encrypted it already (for a socket
	 * offloaded elsewhere, or since the offload went down), and its copy
	 * kept the flag.  The peer must not take it for decrypted plaintext.
	 */
	skb->decrypted = 0;
	return skb;
}
