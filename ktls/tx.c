// SPDX-License-Identifier: GPL-2.0
/*
 * The transmit engine.  The stack hands an offloaded socket's records to
 * the device in plaintext form (header, explicit nonce, plaintext, a tag
 * placeholder), sliced into TCP segments as TCP pleases.  Like a NIC that
 * fetches a record again from host memory by DMA, the device looks up
 * every record a segment touches in the kernel's own record list
 * (tls_get_record) and encrypts the whole record into the segment that
 * leaves, or, for a record only partly in the segment, into the
 * connection's record buffer, from which the next segments of the same
 * record, the usual in-order case, are then copied.  A retransmission
 * finds its record again, so nothing depends on the order segments come
 * in.
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
#include <net/page_pool.h>
#include <net/tls.h>

#include "secnet_ktls.h"

/**
 * struct secnet_ktls_tx - a TX connection's record buffer
 * @start: the TCP sequence number of the buffered record's first byte
 * @len: its length on the wire; 0 while nothing is buffered
 * @from: the first of its bytes after the header and nonce that the buffer
 *	holds: those before went out with the segment that sealed it
 * @req: the AEAD request, kept from one record to the next
 * @pool: the pages of the segments that leave, as a NIC's own buffers:
 *	back from the receiver once it has read them, and reused without
 *	being cleared again
 * @sn: its record number
 * @buf: the record as it leaves: header, explicit nonce, ciphertext, tag
 *
 * Under the connection's lock.
 */
struct secnet_ktls_tx {
	u32 start;
	u32 len;
	u32 from;
	u64 sn;
	u8 *buf;
	void *req;
	struct page_pool *pool;
};

/*
 * Pages a connection keeps for reuse, 4 MB: as many as a bulk stream has
 * in flight, in the receiver's queue included, on this machine.
 */
#define SECNET_KTLS_TX_POOL	1024

/* The scratch space of one record's encryption, after its AEAD request. */
struct secnet_ktls_tx_req {
	u8 iv[SECNET_KTLS_SALT_LEN + SECNET_KTLS_NONCE_LEN];
	u8 aad[SECNET_KTLS_AAD_LEN];
	struct scatterlist src[1 + MAX_SKB_FRAGS];
	struct scatterlist dst[1 + 1 + MAX_SKB_FRAGS + 1];
};

/**
 * struct secnet_ktls_tx_rec - a record as the kernel keeps it, for sealing
 * @frags: its pages, each with a reference the device holds
 * @n: how many
 * @start: the TCP sequence number of its first byte
 * @len: its length on the wire
 * @sn: its record number
 */
struct secnet_ktls_tx_rec {
	skb_frag_t frags[MAX_SKB_FRAGS];
	unsigned int n;
	u32 start;
	u32 len;
	u64 sn;
};

int secnet_ktls_tx_init(struct secnet_ktls_conn *c, gfp_t gfp)
{
	struct page_pool_params pp = {
		.pool_size = SECNET_KTLS_TX_POOL,
		.nid = NUMA_NO_NODE,
	};
	struct secnet_ktls_tx *tx;
	int err = -ENOMEM;

	tx = kzalloc(sizeof(*tx), gfp);
	if (!tx)
		return -ENOMEM;
	/* Physically contiguous: the cipher writes it through a scatterlist. */
	tx->buf = kmalloc(SECNET_KTLS_MAX_RECORD, gfp);
	tx->req = secnet_aead_request_alloc(&c->key.aead,
					    sizeof(struct secnet_ktls_tx_req),
					    gfp);
	if (!tx->buf || !tx->req)
		goto err;
	tx->pool = page_pool_create(&pp);
	if (IS_ERR(tx->pool)) {
		err = PTR_ERR(tx->pool);
		goto err;
	}
	c->tx = tx;
	return 0;

err:
	kfree(tx->req);
	kfree(tx->buf);
	kfree(tx);
	return err;
}

/* The buffer holds ciphertext, and headers of plaintext: wiped. */
void secnet_ktls_tx_free(struct secnet_ktls_conn *c)
{
	struct secnet_ktls_tx *tx = c->tx;

	if (!tx)
		return;
	kfree_sensitive(tx->req);
	kfree_sensitive(tx->buf);
	/* Pages still in flight come back to the pool and are freed then. */
	page_pool_destroy(tx->pool);
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
 * Encrypts @rec.  Its bytes [@s, @e) go into @out from byte @at on; the
 * rest of it, if any, into @c's record buffer at its place in the record,
 * after the header and explicit nonce, which the buffer always holds.
 * 0 or an errno.
 */
static int secnet_ktls_tx_seal(struct secnet_ktls_conn *c,
			       const struct secnet_ktls_tx_rec *rec,
			       struct sk_buff *out, unsigned int at,
			       u32 s, u32 e)
{
	unsigned int plain = rec->len - SECNET_KTLS_PREFIX_LEN -
			     SECNET_KTLS_TAG_LEN;
	u32 lo = max_t(u32, s, SECNET_KTLS_PREFIX_LEN), hi = e;
	u8 prefix[SECNET_KTLS_PREFIX_LEN];
	u8 *buf = c->tx->buf;
	struct secnet_ktls_tx_req *r;
	struct aead_request *req;
	int err, k = 1;

	req = secnet_aead_request_set(&c->key.aead, c->tx->req, (void **)&r);
	if (!secnet_ktls_tx_sg(r->src + 1, rec->frags, rec->n, 0,
			       SECNET_KTLS_PREFIX_LEN))
		return -EINVAL;
	scatterwalk_map_and_copy(prefix, r->src + 1, 0, sizeof(prefix), 0);
	secnet_ktls_iv(&c->key, prefix + SECNET_KTLS_HDR_LEN, r->iv);
	secnet_ktls_aad(rec->sn, prefix[0], plain, r->aad);

	/* The AAD, followed by the plaintext. */
	sg_init_one(&r->src[0], r->aad, SECNET_KTLS_AAD_LEN);
	sg_unmark_end(&r->src[0]);
	if (!secnet_ktls_tx_sg(r->src + 1, rec->frags, rec->n,
			       SECNET_KTLS_PREFIX_LEN, plain))
		return -EINVAL;

	/* The AAD is only read: the same bytes stand in for it in @dst. */
	sg_init_table(r->dst, ARRAY_SIZE(r->dst));
	sg_set_buf(&r->dst[0], r->aad, SECNET_KTLS_AAD_LEN);
	if (lo > SECNET_KTLS_PREFIX_LEN)
		sg_set_buf(&r->dst[k++], buf + SECNET_KTLS_PREFIX_LEN,
			   lo - SECNET_KTLS_PREFIX_LEN);
	if (hi > lo) {
		err = skb_to_sgvec_nomark(out, r->dst + k, at + lo - s,
					  hi - lo);
		if (err < 0)
			return err;
		k += err;
	} else {
		hi = lo;
	}
	if (rec->len > hi)
		sg_set_buf(&r->dst[k++], buf + hi, rec->len - hi);
	sg_mark_end(&r->dst[k - 1]);
	if (s < SECNET_KTLS_PREFIX_LEN) {
		err = skb_store_bits(out, at, prefix + s,
				     min_t(u32, e, SECNET_KTLS_PREFIX_LEN) - s);
		if (err)
			return err;
	}
	if (e < rec->len)
		memcpy(buf, prefix, sizeof(prefix));
	aead_request_set_crypt(req, r->src, r->dst, plain, r->iv);
	aead_request_set_ad(req, SECNET_KTLS_AAD_LEN);
	return crypto_aead_encrypt(req);
}

/*
 * Finds the record that TCP sequence number @seq falls in, in the kernel's
 * list, and takes references to its pages: once acked, the kernel frees
 * the record and its pages, and the device reads them unlocked.  0; 1 if
 * @seq precedes the offload (the handshake, sent in plaintext), with
 * @rec->start and @rec->len the span from @seq to where it started;
 * -ENOENT if the kernel has no record of @seq.
 */
static int secnet_ktls_tx_lookup(struct tls_offload_context_tx *octx, u32 seq,
				 struct secnet_ktls_tx_rec *rec)
{
	struct tls_record_info *ri;
	unsigned long flags;
	unsigned int i;
	int err = 0;

	rec->n = 0;
	spin_lock_irqsave(&octx->lock, flags);
	ri = tls_get_record(octx, seq, &rec->sn);
	if (!ri) {
		err = -ENOENT;
	} else if (tls_record_is_start_marker(ri)) {
		rec->start = seq;
		rec->len = ri->end_seq - seq;
		err = 1;
	} else {
		rec->start = tls_record_start_seq(ri);
		rec->len = ri->len;
		if (before(seq, rec->start) ||
		    rec->len < SECNET_KTLS_PREFIX_LEN + SECNET_KTLS_TAG_LEN ||
		    rec->len > SECNET_KTLS_MAX_RECORD ||
		    ri->num_frags > MAX_SKB_FRAGS)
			err = -ENOENT;
	}
	if (!err) {
		rec->n = ri->num_frags;
		for (i = 0; i < rec->n; i++) {
			rec->frags[i] = ri->frags[i];
			__skb_frag_ref(&rec->frags[i]);
		}
	}
	spin_unlock_irqrestore(&octx->lock, flags);
	return err;
}

static void secnet_ktls_tx_put(struct secnet_ktls_tx_rec *rec)
{
	unsigned int i;

	for (i = 0; i < rec->n; i++)
		__skb_frag_unref(&rec->frags[i], false);
}

/*
 * A new skb with @skb's headers and @len bytes of payload room in page
 * fragments, to be filled; GSO and checksum state as @skb's.
 */
static struct sk_buff *secnet_ktls_tx_skb(struct secnet_ktls_tx *tx,
					  struct sk_buff *skb,
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
	skb_mark_for_recycle(nskb);
	for (i = 0; len; i++, len -= n) {
		page = page_pool_dev_alloc_pages(tx->pool);
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

/* The plaintext bytes of a record of @len among its bytes [@off, @off+@n). */
static unsigned int secnet_ktls_tx_plain(u32 len, u32 off, u32 n)
{
	u32 lo = max_t(u32, off, SECNET_KTLS_PREFIX_LEN);
	u32 hi = min_t(u32, off + n, len - SECNET_KTLS_TAG_LEN);

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
 * @hdr_len, from sequence number @seq) as it leaves.  Each record is
 * encrypted whole, the part of it in the segment straight into the
 * segment; the rest goes into the record buffer, from which the next
 * segments, the usual in-order case, copy it without a lookup.  Under
 * @c->lock.
 */
static enum secnet_ktls_tx_verdict
secnet_ktls_tx_fill(struct secnet_ktls_conn *c,
		    struct tls_offload_context_tx *octx, struct sk_buff *skb,
		    unsigned int hdr_len, unsigned int len, u32 seq,
		    struct sk_buff **nskb)
{
	struct secnet_ktls_dev *kd = c->kd;
	struct secnet_ktls_tx *tx = c->tx;
	struct secnet_ktls_tx_rec rec;
	u64 records = 0, bytes = 0, sn = 0;
	u32 done, n, off, rec_len;
	int err;

	if (seq != c->next_seq)
		secnet_ktls_count(kd, SECNET_KTLS_TX_OOO, 1);
	for (done = 0; done < len; done += n) {
		off = seq + done - tx->start;
		/* A record's bytes never change: the buffered ones are good. */
		if (tx->len && off >= tx->from && off < tx->len) {
			n = min(tx->len - off, len - done);
			if (!*nskb)
				*nskb = secnet_ktls_tx_skb(tx, skb, hdr_len, len);
			if (!*nskb || skb_store_bits(*nskb, hdr_len + done,
						     tx->buf + off, n))
				return SECNET_KTLS_TX_NOMEM;
			rec_len = tx->len;
			sn = tx->sn;
		} else {
			err = secnet_ktls_tx_lookup(octx, seq + done, &rec);
			if (err == 1 && !done && rec.len >= len)
				return SECNET_KTLS_TX_PLAIN;
			if (err)
				return SECNET_KTLS_TX_NO_RECORD;
			off = seq + done - rec.start;
			n = min(rec.len - off, len - done);
			if (!*nskb)
				*nskb = secnet_ktls_tx_skb(tx, skb, hdr_len, len);
			/*
			 * The seal writes the buffer with what falls outside
			 * the segment, before or after it: what it held is
			 * gone, and what it will hold is good once sealed.
			 */
			if (off > SECNET_KTLS_PREFIX_LEN || off + n < rec.len)
				tx->len = 0;
			err = !*nskb ? -ENOMEM :
			      secnet_ktls_tx_seal(c, &rec, *nskb,
						  hdr_len + done, off, off + n);
			secnet_ktls_tx_put(&rec);
			if (err)
				return err == -ENOMEM ? SECNET_KTLS_TX_NOMEM :
							SECNET_KTLS_TX_NO_RECORD;
			if (off + n < rec.len) {
				tx->start = rec.start;
				tx->len = rec.len;
				tx->from = off + n;
				tx->sn = rec.sn;
			}
			rec_len = rec.len;
			sn = rec.sn;
		}
		bytes += secnet_ktls_tx_plain(rec_len, off, n);
		/* The segment holds the record's end: its tag. */
		if (off + n == rec_len) {
			records++;
			sn++;
		}
	}
	c->next_seq = seq + len;
	c->rcd_sn = sn;
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
