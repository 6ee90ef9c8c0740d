// SPDX-License-Identifier: GPL-2.0
/*
 * The receive engine: follows an offloaded flow's TLS 1.2 record stream in
 * TCP sequence space, decrypts in place and marks skb->decrypted what it
 * can, the way an inline TLS NIC does.
 *
 * The kernel accepts a record whose skbs are all marked without checking
 * it, so an skb is marked only if every record payload byte in it is
 * plaintext, and a record the device saw from its first byte has its tag
 * checked first.  Records whole in one skb go through the AEAD; records
 * spanning skbs are decrypted with AES-CTR on byte ranges and checked with
 * a GHASH carried from skb to skb.  An skb that cannot be marked after all
 * is put back to ciphertext (CTR is its own inverse) and the software
 * decides.
 *
 * Both use the vector unit's implementations where crypto_simd_usable(),
 * as the AEAD does (secnet_aead), and the generic ones elsewhere.  A
 * record's GHASH stays in the implementation it started in: if it started
 * in the vector unit's and a later skb finds that unusable, the record is
 * given up, and the skb with its last byte goes up encrypted, so that the
 * kernel checks it.
 *
 * After a loss (a segment not at the expected sequence number) the engine
 * looks for a record header in the following data, follows records from it
 * and asks the kernel to confirm it (TLS_OFFLOAD_SYNC_TYPE_DRIVER_REQ);
 * tls_dev_resync then gives the record number of that header.
 */

#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/ghash.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/internal/simd.h>
#include <kunit/visibility.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <asm/simd.h>
#include <asm/unaligned.h>

#include "secnet_ktls.h"

#define RX_IV_LEN	(SECNET_KTLS_SALT_LEN + SECNET_KTLS_NONCE_LEN)
/* Shortest and longest record length field: an empty and a full record. */
#define RX_MIN_LEN	(SECNET_KTLS_NONCE_LEN + SECNET_KTLS_TAG_LEN)
#define RX_MAX_LEN	(RX_MIN_LEN + SECNET_KTLS_MAX_PLAIN)
/* The record header's type range: change_cipher_spec .. application_data. */
#define RX_TYPE_MIN	0x14
#define RX_TYPE_MAX	0x17
/* How much of a segment the header search reads at a time. */
#define RX_SCAN_LEN	256
/*
 * The PCLMULQDQ GHASH as a synchronous shash: the "ghash" it is registered
 * as is an asynchronous wrapper of it.
 */
#define RX_SIMD_GHASH	"__ghash-pclmulqdqni"

enum secnet_ktls_rx_mode {
	RX_SYNCED,	/* record boundaries and numbers known */
	RX_SEARCH,	/* looking for a record header */
	RX_FOLLOW,	/* following records from a candidate header */
};

/**
 * struct secnet_ktls_rx - the receive engine's state of one connection
 * @aes: the AES key schedule, for CTR and J0
 * @ghash: "ghash" keyed with H = E_K(0)
 * @simd_ghash: the vector unit's, keyed likewise (NULL if there is none)
 * @desc: the current record's GHASH, over its AAD and ciphertext, in
 *	@ghash or @simd_ghash
 * @ctr: "ctr(aes)", for the payload of records across segments
 * @simd_ctr: the vector unit's (NULL if there is none)
 * @ctr_req: the request for either
 * @sg: the segment's bytes for @ctr_req
 * @mode: enum secnet_ktls_rx_mode
 * @next_seq: TCP sequence number of the next in-order byte
 * @pos: bytes of the current record seen (0: at a record's start)
 * @rec_len: the current record's length on the wire, once its header is in
 * @prefix: its header and explicit nonce, as far as seen
 * @iv: its AES-GCM nonce, once @prefix is complete
 * @rcd_sn: synced: the current (or, at a start, the next) record's number;
 *	following: the same, counted from the candidate's record as 0 until
 *	the kernel confirms it
 * @verify: the current record was seen from its first byte in an skb that
 *	is decrypted: its tag is checked
 * @unchecked: the current record's GHASH could not go on: the skb with its
 *	last byte goes up encrypted
 * @ct_len: ciphertext bytes in @desc
 * @tag: its tag bytes, as far as seen
 * @req: a resync is asked for, and not yet confirmed
 * @req_seq: what was asked for: the candidate header's sequence number + 4
 * @confirmed: following: the kernel confirmed the candidate; synced from
 *	the next record start
 * @nosimd: KUnit: segments still to go through as if the vector unit were
 *	unusable
 * @ahead: the segment queued next when the current record was checked
 *	whole across it (rx_aead_ahead): if the next segment is that one, the
 *	record's rest in it is only decrypted; if not, the engine lost sync
 * @scratch: where rx_aead_ahead() writes the plaintext it does not keep
 */
struct secnet_ktls_rx {
	struct crypto_aes_ctx aes;
	struct crypto_shash *ghash;
	struct crypto_shash *simd_ghash;
	struct shash_desc *desc;
	struct crypto_sync_skcipher *ctr;
	struct crypto_sync_skcipher *simd_ctr;
	struct skcipher_request *ctr_req;
	struct scatterlist sg[MAX_SKB_FRAGS + 1];
	enum secnet_ktls_rx_mode mode;
	u32 next_seq;
	u32 pos;
	u32 rec_len;
	u8 prefix[SECNET_KTLS_PREFIX_LEN];
	u8 iv[RX_IV_LEN];
	u64 rcd_sn;
	bool verify;
	bool unchecked;
	u32 ct_len;
	u8 tag[SECNET_KTLS_TAG_LEN];
	bool req;
	u32 req_seq;
	bool confirmed;
	unsigned int nosimd;
	const struct sk_buff *ahead;
	u8 *scratch;
};

/**
 * struct rx_pass - one segment going through the engine
 * @c: its connection
 * @skb: the segment
 * @base: where its TCP payload starts in @skb
 * @len: payload bytes
 * @decrypting: every record payload byte so far is plaintext: @skb will be
 *	marked unless that changes
 * @simd: the vector unit may be used
 * @req: the AEAD request for whole records, allocated on first use
 * @sg: its scatterlist, @nsg entries
 * @nsg: entries @sg has room for
 * @pos0: the record state at the segment's start (@pos, @rec_len and
 *	@prefix of struct secnet_ktls_rx), to put back what was decrypted when
 *	@skb cannot be marked after all
 * @rec_len0: see @pos0
 * @prefix0: see @pos0
 * @records: records verified in @skb
 * @bytes: payload bytes decrypted in @skb
 * @next: the segment queued after @skb, if known
 */
struct rx_pass {
	struct secnet_ktls_conn *c;
	struct sk_buff *skb;
	unsigned int base;
	unsigned int len;
	bool decrypting;
	bool simd;
	struct aead_request *req;
	struct scatterlist *sg;
	int nsg;
	u32 pos0;
	u32 rec_len0;
	u8 prefix0[SECNET_KTLS_PREFIX_LEN];
	u64 records;
	u64 bytes;
	const struct secnet_ktls_rx_next *next;
};

static bool rx_header_ok(const u8 *h)
{
	u16 len = get_unaligned_be16(h + 3);

	return h[0] >= RX_TYPE_MIN && h[0] <= RX_TYPE_MAX &&
	       h[1] == 3 && h[2] == 3 && len >= RX_MIN_LEN && len <= RX_MAX_LEN;
}

static u32 rx_rec_len(const u8 *h)
{
	return SECNET_KTLS_HDR_LEN + get_unaligned_be16(h + 3);
}

static u32 rx_plain_len(u32 rec_len)
{
	return rec_len - SECNET_KTLS_PREFIX_LEN - SECNET_KTLS_TAG_LEN;
}

/* XORs the keystream of plaintext offset @off on: encrypts or decrypts. */
static void rx_ctr(const struct secnet_ktls_rx *rx, const u8 iv[RX_IV_LEN],
		   u8 *p, unsigned int n, u32 off)
{
	u8 ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];

	memcpy(ctr, iv, RX_IV_LEN);
	while (n) {
		unsigned int k = off % AES_BLOCK_SIZE;
		unsigned int m = min_t(unsigned int, n, AES_BLOCK_SIZE - k);

		/* GCM's counter 1 is J0, for the tag: data starts at 2. */
		put_unaligned_be32(2 + off / AES_BLOCK_SIZE, ctr + RX_IV_LEN);
		aes_encrypt(&rx->aes, ks, ctr);
		crypto_xor(p, ks + k, m);
		p += m;
		off += m;
		n -= m;
	}
	memzero_explicit(ks, sizeof(ks));
}

/*
 * Starts the record's GHASH: its AAD, padded to a block.  In the vector
 * unit's implementation if it is usable now, for the whole record.
 */
static void rx_ghash_start(struct secnet_ktls_rx *rx, const struct rx_pass *p)
{
	u8 aad[GHASH_BLOCK_SIZE] = {};

	secnet_ktls_aad(rx->rcd_sn, rx->prefix[0], rx_plain_len(rx->rec_len),
			aad);
	rx->desc->tfm = p->simd && rx->simd_ghash ? rx->simd_ghash : rx->ghash;
	crypto_shash_init(rx->desc);
	crypto_shash_update(rx->desc, aad, sizeof(aad));
	rx->ct_len = 0;
}

static void rx_ghash(struct secnet_ktls_rx *rx, const u8 *p, unsigned int n)
{
	crypto_shash_update(rx->desc, p, n);
	rx->ct_len += n;
}

/*
 * Whether the record's GHASH can go on in this segment: not in the vector
 * unit's implementation where that is unusable.  The record is then given
 * up (its state cannot move to the other implementation), without a
 * failure: the kernel checks it.
 */
static bool rx_ghash_usable(struct secnet_ktls_rx *rx, const struct rx_pass *p)
{
	if (p->simd || rx->desc->tfm != rx->simd_ghash)
		return true;
	rx->verify = false;
	rx->unchecked = true;
	return false;
}

/* The record's tag as it should be: GHASH ^ E_K(J0). */
static void rx_ghash_tag(struct secnet_ktls_rx *rx, u8 tag[SECNET_KTLS_TAG_LEN])
{
	static const u8 zero[GHASH_BLOCK_SIZE];
	u8 j0[AES_BLOCK_SIZE], s[GHASH_DIGEST_SIZE];
	__be64 lens[2];

	crypto_shash_update(rx->desc, zero, -rx->ct_len % GHASH_BLOCK_SIZE);
	lens[0] = cpu_to_be64(SECNET_KTLS_AAD_LEN * 8);
	lens[1] = cpu_to_be64((u64)rx->ct_len * 8);
	crypto_shash_finup(rx->desc, (u8 *)lens, sizeof(lens), s);
	memcpy(j0, rx->iv, RX_IV_LEN);
	put_unaligned_be32(1, j0 + RX_IV_LEN);
	aes_encrypt(&rx->aes, tag, j0);
	crypto_xor(tag, s, SECNET_KTLS_TAG_LEN);
	memzero_explicit(s, sizeof(s));
}

/*
 * Over @n payload bytes of the record at plaintext offset @off, @at bytes
 * into the segment: hashes them (ciphertext) if @hash, or XORs the
 * keystream of @iv over them, block by block with the AES library, if
 * @crypt.
 */
static void rx_walk(struct secnet_ktls_rx *rx, const struct rx_pass *p,
		    unsigned int at, unsigned int n, const u8 *iv, u32 off,
		    bool hash, bool crypt)
{
	struct skb_seq_state st;
	unsigned int done = 0, m;
	const u8 *data;

	skb_prepare_seq_read(p->skb, p->base + at, p->base + at + n, &st);
	while ((m = skb_seq_read(done, &data, &st))) {
		m = min(m, n - done);
		if (hash)
			rx_ghash(rx, data, m);
		/* The skb is its own (rx_writable): its pages are writable. */
		if (crypt)
			rx_ctr(rx, iv, (u8 *)data, m, off + done);
		done += m;
	}
}

/*
 * The same keystream with "ctr(aes)", from a block boundary (@off): three
 * to four times faster under emulation than the library block by block.
 * 0, or an errno if the skb's layout does not fit the scatterlist.
 */
static int rx_ctr_sg(struct secnet_ktls_rx *rx, const struct rx_pass *p,
		     unsigned int at, unsigned int n, const u8 *iv, u32 off)
{
	u8 ctr[AES_BLOCK_SIZE];
	int err;

	if (skb_has_frag_list(p->skb))
		return -EMSGSIZE;
	/* Room for the head and every fragment. */
	sg_init_table(rx->sg, ARRAY_SIZE(rx->sg));
	err = skb_to_sgvec(p->skb, rx->sg, p->base + at, n);
	if (err < 0)
		return err;
	memcpy(ctr, iv, RX_IV_LEN);
	put_unaligned_be32(2 + off / AES_BLOCK_SIZE, ctr + RX_IV_LEN);
	skcipher_request_set_sync_tfm(rx->ctr_req, p->simd && rx->simd_ctr ?
						   rx->simd_ctr : rx->ctr);
	skcipher_request_set_callback(rx->ctr_req, 0, NULL, NULL);
	skcipher_request_set_crypt(rx->ctr_req, rx->sg, rx->sg, n, ctr);
	return crypto_skcipher_decrypt(rx->ctr_req);
}

/*
 * Over @n payload bytes of the record at plaintext offset @off, @at bytes
 * into the segment: hashes them (ciphertext) if @hash, then XORs the
 * keystream of @iv over them if @crypt.
 */
static void rx_range(struct secnet_ktls_rx *rx, const struct rx_pass *p,
		     unsigned int at, unsigned int n, const u8 *iv, u32 off,
		     bool hash, bool crypt)
{
	unsigned int k;

	if (hash)
		rx_walk(rx, p, at, n, iv, off, true, false);
	if (!crypt)
		return;
	/* Up to a block boundary by hand: the skcipher counts whole blocks. */
	k = min_t(unsigned int, n, -off % AES_BLOCK_SIZE);
	if (k) {
		rx_walk(rx, p, at, k, iv, off, false, true);
		at += k;
		off += k;
		n -= k;
	}
	if (n && rx_ctr_sg(rx, p, at, n, iv, off))
		rx_walk(rx, p, at, n, iv, off, false, true);
}

/*
 * Puts back to ciphertext what the segment's first @end bytes had
 * decrypted, walking the records again from the segment's start.
 */
static void rx_undo(struct secnet_ktls_rx *rx, struct rx_pass *p,
		    unsigned int end)
{
	u8 prefix[SECNET_KTLS_PREFIX_LEN], iv[RX_IV_LEN];
	u32 pos = p->pos0, rec_len = p->rec_len0;
	unsigned int at = 0, n;

	memcpy(prefix, p->prefix0, sizeof(prefix));
	if (pos >= SECNET_KTLS_PREFIX_LEN)
		secnet_ktls_iv(&p->c->key, prefix + SECNET_KTLS_HDR_LEN, iv);
	while (at < end) {
		if (pos < SECNET_KTLS_PREFIX_LEN) {
			/* Headers and nonces are never written. */
			n = min_t(unsigned int, SECNET_KTLS_PREFIX_LEN - pos,
				  end - at);
			skb_copy_bits(p->skb, p->base + at, prefix + pos, n);
			if (pos + n >= SECNET_KTLS_HDR_LEN)
				rec_len = rx_rec_len(prefix);
			if (pos + n == SECNET_KTLS_PREFIX_LEN)
				secnet_ktls_iv(&p->c->key,
					       prefix + SECNET_KTLS_HDR_LEN, iv);
		} else if (pos < rec_len - SECNET_KTLS_TAG_LEN) {
			n = min_t(unsigned int,
				  rec_len - SECNET_KTLS_TAG_LEN - pos, end - at);
			rx_range(rx, p, at, n, iv, pos - SECNET_KTLS_PREFIX_LEN,
				 false, true);
		} else {
			n = min_t(unsigned int, rec_len - pos, end - at);
		}
		at += n;
		pos += n;
		if (pos == rec_len)
			pos = 0;
	}
}

/*
 * The one place that touches the socket: the kernel compares the request
 * with each record start + TLS_HEADER_SIZE - 1 it parses
 * (tls_device_rx_resync_new_rec).  The socket may be closing: its TLS
 * context is read once and may be gone.  Without a socket (KUnit) the
 * request stays in the engine's state only.
 */
static void rx_resync_request(struct secnet_ktls_conn *c, u32 seq)
{
	struct tls_offload_context_rx *rx_ctx;
	struct tls_context *ctx;

	c->rx->req = true;
	c->rx->req_seq = seq;
	secnet_ktls_count(c->kd, SECNET_KTLS_RX_RESYNC_REQ, 1);
	if (!c->sk)
		return;
	ctx = tls_get_ctx(c->sk);
	if (!ctx)
		return;
	rx_ctx = READ_ONCE(ctx->priv_ctx_rx);
	if (rx_ctx)
		atomic64_set(&rx_ctx->resync_req,
			     ((u64)seq << 32) | RESYNC_REQ);
}

/*
 * The segment goes up encrypted: what its first @at bytes had decrypted
 * goes back to ciphertext, and it decrypts nothing more.
 */
static void rx_encrypted(struct secnet_ktls_rx *rx, struct rx_pass *p,
			 unsigned int at)
{
	if (p->decrypting) {
		rx_undo(rx, p, at);
		p->decrypting = false;
	}
}

/* Leaves the synced state at @at; the segment goes up encrypted. */
static void rx_unsync(struct secnet_ktls_rx *rx, struct rx_pass *p,
		      unsigned int at)
{
	rx_encrypted(rx, p, at);
	rx->mode = RX_SEARCH;
	rx->pos = 0;
	rx->verify = false;
}

/* Follows records from the header @at bytes into the segment. */
static void rx_candidate(struct secnet_ktls_rx *rx, struct rx_pass *p,
			 u32 seq, unsigned int at)
{
	rx->mode = RX_FOLLOW;
	rx->pos = 0;
	rx->rcd_sn = 0;
	rx->confirmed = false;
	rx_resync_request(p->c, seq + at + SECNET_KTLS_HDR_LEN - 1);
}

/*
 * Looks for a record header from @at on; where the header after it falls
 * in the segment too, that one must look right as well.  Returns the
 * header's offset, or the segment's length if there is none.
 */
static unsigned int rx_search(const struct rx_pass *p, unsigned int at)
{
	u8 buf[RX_SCAN_LEN], next[SECNET_KTLS_HDR_LEN];
	unsigned int n, i, o;

	for (; at + SECNET_KTLS_HDR_LEN <= p->len;
	     at += n - SECNET_KTLS_HDR_LEN + 1) {
		n = min_t(unsigned int, sizeof(buf), p->len - at);
		skb_copy_bits(p->skb, p->base + at, buf, n);
		for (i = 0; i + SECNET_KTLS_HDR_LEN <= n; i++) {
			if (!rx_header_ok(buf + i))
				continue;
			o = at + i + rx_rec_len(buf + i);
			if (o + SECNET_KTLS_HDR_LEN > p->len)
				return at + i;
			skb_copy_bits(p->skb, p->base + o, next, sizeof(next));
			if (rx_header_ok(next))
				return at + i;
		}
	}
	return p->len;
}

/*
 * Starts @sg (@n entries) with the record's AAD at @aad, then maps @len
 * bytes of @skb from @off: the entries used, unterminated, or an errno.
 */
static int rx_sg(struct scatterlist *sg, unsigned int n, const u8 *aad,
		 struct sk_buff *skb, unsigned int off, unsigned int len)
{
	int err;

	sg_init_table(sg, n);
	sg_set_buf(sg, aad, SECNET_KTLS_AAD_LEN);
	err = skb_to_sgvec_nomark(skb, sg + 1, off, len);
	return err < 0 ? err : 1 + err;
}

/* Decrypts and checks the record whole at @at with the AEAD; 0 or an errno. */
static int rx_aead(struct secnet_ktls_rx *rx, struct rx_pass *p,
		   unsigned int at)
{
	u32 plain = rx_plain_len(rx->rec_len);
	u8 *iv, *aad;
	void *extra;
	int err;

	if (!p->req) {
		p->nsg = skb_shinfo(p->skb)->nr_frags + 2;
		if (skb_has_frag_list(p->skb))
			return -EMSGSIZE;
		p->req = secnet_aead_request(&p->c->key.aead,
					     p->nsg * sizeof(*p->sg) +
					     RX_IV_LEN + SECNET_KTLS_AAD_LEN,
					     &extra, GFP_ATOMIC);
		if (!p->req)
			return -ENOMEM;
		p->sg = extra;
	}
	iv = (u8 *)(p->sg + p->nsg);
	aad = iv + RX_IV_LEN;
	/* The AEAD may write over its IV: a fresh one per record. */
	memcpy(iv, rx->iv, RX_IV_LEN);
	secnet_ktls_aad(rx->rcd_sn, rx->prefix[0], plain, aad);
	err = rx_sg(p->sg, p->nsg, aad, p->skb, p->base + at,
		    plain + SECNET_KTLS_TAG_LEN);
	if (err < 0)
		return err;
	sg_mark_end(p->sg + err - 1);
	aead_request_set_ad(p->req, SECNET_KTLS_AAD_LEN);
	aead_request_set_crypt(p->req, p->sg, p->sg,
			       plain + SECNET_KTLS_TAG_LEN, iv);
	return crypto_aead_decrypt(p->req);
}

/*
 * The record at @at runs on into the segment queued next: decrypts and
 * checks it whole with the AEAD, its bytes in this segment in place and
 * those in the next into scratch, which leaves the next segment as it was.
 * That one, if it comes next as it is, then only has its part decrypted.
 * 0; -EBADMSG if the tag is wrong; another errno if the record could not
 * go this way.
 */
static int rx_aead_ahead(struct secnet_ktls_rx *rx, struct rx_pass *p,
			 unsigned int at)
{
	const struct secnet_ktls_rx_next *next = p->next;
	u32 plain = rx_plain_len(rx->rec_len);
	unsigned int here = p->len - at, rem, mine, nsrc, ndst, k;
	struct scatterlist *src, *dst;
	struct aead_request *req;
	u8 *iv, *aad;
	int err;

	rem = plain + SECNET_KTLS_TAG_LEN - here;
	mine = min(here, plain);
	if (next->seq != rx->next_seq || rem > next->len ||
	    skb_has_frag_list(p->skb) || skb_has_frag_list(next->skb))
		return -EINVAL;
	nsrc = 1 + skb_shinfo(p->skb)->nr_frags + 1 +
	       skb_shinfo(next->skb)->nr_frags + 1;
	ndst = 1 + skb_shinfo(p->skb)->nr_frags + 1 + 1;
	req = secnet_aead_request(&p->c->key.aead,
				  (nsrc + ndst) * sizeof(*src) + RX_IV_LEN +
				  SECNET_KTLS_AAD_LEN, (void **)&src,
				  GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	dst = src + nsrc;
	iv = (u8 *)(dst + ndst);
	aad = iv + RX_IV_LEN;
	memcpy(iv, rx->iv, RX_IV_LEN);
	secnet_ktls_aad(rx->rcd_sn, rx->prefix[0], plain, aad);

	err = rx_sg(src, nsrc, aad, p->skb, p->base + at, here);
	if (err < 0)
		goto out;
	err = skb_to_sgvec(next->skb, src + err, next->off, rem);
	if (err < 0)
		goto out;
	/* The AAD is only read: the same bytes stand in for it in @dst. */
	err = rx_sg(dst, ndst, aad, p->skb, p->base + at, mine);
	if (err < 0)
		goto out;
	k = err;
	if (plain > mine)
		sg_set_buf(dst + k++, rx->scratch, plain - mine);
	sg_mark_end(dst + k - 1);

	aead_request_set_ad(req, SECNET_KTLS_AAD_LEN);
	aead_request_set_crypt(req, src, dst, plain + SECNET_KTLS_TAG_LEN, iv);
	err = crypto_aead_decrypt(req);
	if (!err) {
		secnet_ktls_count(p->c->kd, SECNET_KTLS_RX_AHEAD, 1);
		p->bytes += mine;
		p->records++;
		rx->pos += here;
		/* Checked: the rest needs only its keystream. */
		rx->verify = false;
		rx->ahead = next->skb;
	}
out:
	kfree_sensitive(req);
	return err;
}

/* The record ends at segment offset @at: counts it, or its failure. */
static void rx_record_end(struct secnet_ktls_rx *rx, struct rx_pass *p,
			  unsigned int at, bool bad)
{
	if (bad) {
		secnet_ktls_count(p->c->kd, SECNET_KTLS_RX_AUTH_FAIL, 1);
		/* The record's last byte is here: this skb stays encrypted. */
		rx_unsync(rx, p, at);
		return;
	}
	if (p->decrypting && rx->verify)
		p->records++;
	rx->rcd_sn++;
	rx->pos = 0;
	rx->verify = false;
}

/*
 * The header and nonce are in: starts the record.  A record whole in a
 * decrypted segment goes through the AEAD at once.  Returns the offset
 * processing goes on from.
 */
static unsigned int rx_record_start(struct secnet_ktls_rx *rx,
				    struct rx_pass *p, unsigned int at)
{
	u32 plain = rx_plain_len(rx->rec_len);
	int err;

	secnet_ktls_iv(&p->c->key, rx->prefix + SECNET_KTLS_HDR_LEN, rx->iv);
	rx->verify = p->decrypting;
	rx->unchecked = false;
	if (p->decrypting && at >= SECNET_KTLS_PREFIX_LEN &&
	    at + plain + SECNET_KTLS_TAG_LEN <= p->len) {
		err = rx_aead(rx, p, at);
		if (err != -EBADMSG && err) {
			/* No room for the request: the byte-range path. */
			rx_ghash_start(rx, p);
			return at;
		}
		at += plain + SECNET_KTLS_TAG_LEN;
		/*
		 * The kernel's GCM implementations write the plaintext before
		 * they check the tag, so a record that failed is undone with
		 * the rest of the segment.
		 */
		if (!err)
			p->bytes += plain;
		rx_record_end(rx, p, at, err);
		return at;
	}
	if (p->decrypting && p->next) {
		err = rx_aead_ahead(rx, p, at);
		if (err == -EBADMSG)
			rx_record_end(rx, p, p->len, true);
		if (!err || err == -EBADMSG)
			return p->len;
	}
	if (rx->verify)
		rx_ghash_start(rx, p);
	return at;
}

/* One step of the synced engine at @at; returns where the next starts. */
static unsigned int rx_synced(struct secnet_ktls_rx *rx, struct rx_pass *p,
			      u32 seq, unsigned int at)
{
	u32 payload_end = rx->rec_len - SECNET_KTLS_TAG_LEN;
	u8 tag[SECNET_KTLS_TAG_LEN];
	unsigned int n;

	if (!rx->pos &&
	    secnet_fault_take(&p->c->kd->faults[SECNET_KTLS_FAULT_DESYNC])) {
		secnet_ktls_count(p->c->kd, SECNET_KTLS_FAULTS, 1);
		rx_unsync(rx, p, at);
		/* A true record start: the candidate is right here. */
		rx_candidate(rx, p, seq, at);
		return at;
	}
	if (rx->pos < SECNET_KTLS_PREFIX_LEN) {
		n = min_t(unsigned int, SECNET_KTLS_PREFIX_LEN - rx->pos,
			  p->len - at);
		skb_copy_bits(p->skb, p->base + at, rx->prefix + rx->pos, n);
		if (rx->pos < SECNET_KTLS_HDR_LEN &&
		    rx->pos + n >= SECNET_KTLS_HDR_LEN) {
			if (!rx_header_ok(rx->prefix)) {
				rx_unsync(rx, p, at);
				return at;
			}
			rx->rec_len = rx_rec_len(rx->prefix);
		}
		rx->pos += n;
		at += n;
		if (rx->pos == SECNET_KTLS_PREFIX_LEN)
			at = rx_record_start(rx, p, at);
		return at;
	}
	if (rx->pos < payload_end) {
		n = min_t(unsigned int, payload_end - rx->pos, p->len - at);
		rx_range(rx, p, at, n, rx->iv, rx->pos - SECNET_KTLS_PREFIX_LEN,
			 rx->verify && rx_ghash_usable(rx, p), p->decrypting);
		p->bytes += n;
		rx->pos += n;
		return at + n;
	}
	n = min_t(unsigned int, rx->rec_len - rx->pos, p->len - at);
	skb_copy_bits(p->skb, p->base + at, rx->tag + rx->pos - payload_end, n);
	rx->pos += n;
	at += n;
	if (rx->pos < rx->rec_len)
		return at;
	if (rx->verify && rx_ghash_usable(rx, p)) {
		rx_ghash_tag(rx, tag);
		rx_record_end(rx, p, at, crypto_memneq(tag, rx->tag,
						       sizeof(tag)));
		memzero_explicit(tag, sizeof(tag));
		return at;
	}
	/*
	 * Given up on: this skb goes up encrypted and the record mixed.
	 * Otherwise its start went up encrypted.  The kernel checks it.
	 */
	if (rx->unchecked)
		rx_encrypted(rx, p, at);
	rx_record_end(rx, p, at, false);
	return at;
}

/* One step of following records unconfirmed; returns where the next starts. */
static unsigned int rx_follow(struct secnet_ktls_rx *rx, struct rx_pass *p,
			      unsigned int at)
{
	unsigned int n;

	if (!rx->pos && rx->confirmed) {
		rx->mode = RX_SYNCED;
		return at;
	}
	if (rx->pos < SECNET_KTLS_HDR_LEN) {
		n = min_t(unsigned int, SECNET_KTLS_HDR_LEN - rx->pos,
			  p->len - at);
		skb_copy_bits(p->skb, p->base + at, rx->prefix + rx->pos, n);
		rx->pos += n;
		at += n;
		if (rx->pos < SECNET_KTLS_HDR_LEN)
			return at;
		if (!rx_header_ok(rx->prefix)) {
			rx->mode = RX_SEARCH;
			rx->pos = 0;
			/* Search again from just after its first byte. */
			return at >= SECNET_KTLS_HDR_LEN ?
			       at - SECNET_KTLS_HDR_LEN + 1 : at;
		}
		rx->rec_len = rx_rec_len(rx->prefix);
		return at;
	}
	n = min_t(unsigned int, rx->rec_len - rx->pos, p->len - at);
	rx->pos += n;
	if (rx->pos == rx->rec_len) {
		rx->pos = 0;
		rx->rcd_sn++;
	}
	return at + n;
}

/* @name keyed with H = E_K(0), the record's GHASH key. */
static struct crypto_shash *rx_ghash_alloc(const struct secnet_ktls_rx *rx,
					   const char *name, u32 type, u32 mask)
{
	static const u8 zero[AES_BLOCK_SIZE];
	struct crypto_shash *tfm;
	u8 h[AES_BLOCK_SIZE];
	int err;

	tfm = crypto_alloc_shash(name, type, mask);
	if (IS_ERR(tfm))
		return tfm;
	aes_encrypt(&rx->aes, h, zero);
	err = crypto_shash_setkey(tfm, h, sizeof(h));
	memzero_explicit(h, sizeof(h));
	if (err) {
		crypto_free_shash(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

static struct crypto_sync_skcipher *rx_ctr_key(struct crypto_sync_skcipher *tfm,
					       const struct secnet_ktls_key *k)
{
	int err;

	if (IS_ERR(tfm))
		return tfm;
	err = crypto_sync_skcipher_setkey(tfm, k->key, k->key_len);
	if (err) {
		crypto_free_sync_skcipher(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/* The vector unit's CTR behind "ctr(aes)", keyed, or NULL if none. */
static struct crypto_sync_skcipher *rx_ctr_simd(const struct secnet_ktls_key *k)
{
	char name[CRYPTO_MAX_ALG_NAME];
	struct crypto_sync_skcipher *simd;
	struct crypto_skcipher *tfm;
	bool wrapped;

	tfm = crypto_alloc_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(tfm))
		return NULL;
	wrapped = secnet_simd_name(&crypto_skcipher_alg(tfm)->base, name);
	crypto_free_skcipher(tfm);
	if (!wrapped)
		return NULL;
	simd = crypto_alloc_sync_skcipher(name, CRYPTO_ALG_INTERNAL,
					  CRYPTO_ALG_INTERNAL);
	simd = rx_ctr_key(simd, k);
	return IS_ERR(simd) ? NULL : simd;
}

static unsigned int rx_ctr_reqsize(struct crypto_sync_skcipher *tfm)
{
	return tfm ? crypto_skcipher_reqsize(&tfm->base) : 0;
}

static unsigned int rx_ghash_descsize(struct crypto_shash *tfm)
{
	return tfm ? crypto_shash_descsize(tfm) : 0;
}

static void rx_free(struct secnet_ktls_rx *rx)
{
	kfree_sensitive(rx->scratch);
	kfree_sensitive(rx->ctr_req);
	crypto_free_sync_skcipher(rx->simd_ctr);
	crypto_free_sync_skcipher(rx->ctr);
	kfree_sensitive(rx->desc);
	crypto_free_shash(rx->simd_ghash);
	crypto_free_shash(rx->ghash);
	kfree_sensitive(rx);
}

int secnet_ktls_rx_init(struct secnet_ktls_conn *c, u32 start_seq, u64 rcd_sn,
			gfp_t gfp)
{
	struct secnet_ktls_rx *rx;
	int err;

	rx = kzalloc(sizeof(*rx), gfp);
	if (!rx)
		return -ENOMEM;
	err = aes_expandkey(&rx->aes, c->key.key, c->key.key_len);
	if (err)
		goto err_free;
	/*
	 * The generic "ghash" (the only synchronous one registered as
	 * "ghash"), and the vector unit's internal one if its module is
	 * there already: a module is not loaded for it.
	 */
	rx->ghash = rx_ghash_alloc(rx, "ghash", 0, 0);
	if (IS_ERR(rx->ghash)) {
		err = PTR_ERR(rx->ghash);
		rx->ghash = NULL;
		goto err_free;
	}
	rx->simd_ghash = rx_ghash_alloc(rx, RX_SIMD_GHASH, CRYPTO_ALG_INTERNAL,
					CRYPTO_ALG_INTERNAL | CRYPTO_NOLOAD);
	if (IS_ERR(rx->simd_ghash))
		rx->simd_ghash = NULL;
	rx->desc = kzalloc(sizeof(*rx->desc) +
			   max(rx_ghash_descsize(rx->ghash),
			       rx_ghash_descsize(rx->simd_ghash)), gfp);
	if (!rx->desc) {
		err = -ENOMEM;
		goto err_free;
	}
	rx->ctr = rx_ctr_key(crypto_alloc_sync_skcipher("ctr(aes)", 0, 0),
			     &c->key);
	if (IS_ERR(rx->ctr)) {
		err = PTR_ERR(rx->ctr);
		rx->ctr = NULL;
		goto err_free;
	}
	rx->simd_ctr = rx_ctr_simd(&c->key);
	rx->ctr_req = kzalloc(sizeof(*rx->ctr_req) +
			      max(rx_ctr_reqsize(rx->ctr),
				  rx_ctr_reqsize(rx->simd_ctr)), gfp);
	if (!rx->ctr_req) {
		err = -ENOMEM;
		goto err_free;
	}
	rx->scratch = kmalloc(SECNET_KTLS_MAX_PLAIN, gfp);
	if (!rx->scratch) {
		err = -ENOMEM;
		goto err_free;
	}
	rx->mode = RX_SYNCED;
	rx->next_seq = start_seq;
	rx->rcd_sn = rcd_sn;
	c->rx = rx;
	c->next_seq = start_seq;
	c->rcd_sn = rcd_sn;
	c->synced = true;
	return 0;

err_free:
	rx_free(rx);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_init);

/* The GHASH state and the tfms' tables are functions of the key: wiped. */
void secnet_ktls_rx_free(struct secnet_ktls_conn *c)
{
	if (!c->rx)
		return;
	rx_free(c->rx);
	c->rx = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_free);

/* The connection's view for the family's dump, under @c->lock. */
static void rx_publish(struct secnet_ktls_conn *c)
{
	c->next_seq = c->rx->next_seq;
	c->rcd_sn = c->rx->rcd_sn;
	c->synced = c->rx->mode == RX_SYNCED;
}

/*
 * Makes @skb's bytes the device's to write, as a NIC's receive buffers
 * are.  A frame from a sender on this host may share them: with TCP's
 * retransmit queue if it is a clone, or by page reference.  Those are
 * copied (skb_cow_data); a frame that alone holds its pages, such as the
 * transmit engine's output, is decrypted where it is.
 */
static bool rx_writable(struct sk_buff *skb)
{
	struct sk_buff *trailer;
	unsigned int i;

	if (skb_cloned(skb) || skb_has_frag_list(skb) || skb_zcopy(skb))
		goto copy;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		if (page_count(skb_frag_page(&skb_shinfo(skb)->frags[i])) != 1)
			goto copy;
	return true;
copy:
	return skb_cow_data(skb, 0, &trailer) >= 0;
}

struct sk_buff *secnet_ktls_rx_receive(struct secnet_ktls_conn *c,
				       struct sk_buff *skb,
				       unsigned int payload_off, u32 seq,
				       const struct secnet_ktls_rx_next *next)
{
	struct secnet_ktls_rx *rx = c->rx;
	struct rx_pass p = {
		.c = c,
		.skb = skb,
		.base = payload_off,
		.len = skb->len - payload_off,
		.next = next,
	};
	unsigned int at = 0;

	if (!p.len)
		return skb;
	spin_lock(&c->lock);
	/* A retransmission of what went by already: up as it is. */
	if (!after(seq + p.len, rx->next_seq))
		goto out_unlock;
	/* A gap, or not the segment the record's check covered. */
	if (seq != rx->next_seq || (rx->ahead && rx->ahead != skb)) {
		rx->mode = RX_SEARCH;
		rx->pos = 0;
		rx->verify = false;
	}
	rx->ahead = NULL;
	rx->next_seq = seq + p.len;
	p.decrypting = rx->mode == RX_SYNCED && rx_writable(skb);
	if (IS_ENABLED(CONFIG_KUNIT) && rx->nosimd)
		rx->nosimd--;
	else
		p.simd = crypto_simd_usable();
	p.pos0 = rx->pos;
	p.rec_len0 = rx->rec_len;
	memcpy(p.prefix0, rx->prefix, sizeof(p.prefix0));

	while (at < p.len) {
		switch (rx->mode) {
		case RX_SYNCED:
			at = rx_synced(rx, &p, seq, at);
			break;
		case RX_FOLLOW:
			at = rx_follow(rx, &p, at);
			break;
		case RX_SEARCH:
			at = rx_search(&p, at);
			if (at < p.len)
				rx_candidate(rx, &p, seq, at);
			break;
		}
	}
	/* A record ending with the segment: synced from the next one. */
	if (rx->mode == RX_FOLLOW && rx->confirmed && !rx->pos)
		rx->mode = RX_SYNCED;
	kfree_sensitive(p.req);

	if (p.decrypting) {
		skb->decrypted = 1;
		secnet_ktls_count(c->kd, SECNET_KTLS_RX_PACKETS, 1);
		secnet_ktls_count(c->kd, SECNET_KTLS_RX_BYTES, p.bytes);
		secnet_ktls_count(c->kd, SECNET_KTLS_RX_RECORDS, p.records);
		c->records += p.records;
		c->bytes += p.bytes;
	} else {
		secnet_ktls_count(c->kd, SECNET_KTLS_RX_UNSYNCED, 1);
	}
	rx_publish(c);
out_unlock:
	spin_unlock(&c->lock);
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_receive);

void secnet_ktls_rx_resync(struct secnet_ktls_conn *c, u32 seq,
			   const u8 *rcd_sn)
{
	struct secnet_ktls_rx *rx = c->rx;

	spin_lock_bh(&c->lock);
	if (rx->mode == RX_FOLLOW && rx->req && seq == rx->req_seq) {
		/* The candidate's number: counted from it so far. */
		rx->rcd_sn += get_unaligned_be64(rcd_sn);
		rx->req = false;
		rx->confirmed = true;
		if (!rx->pos)
			rx->mode = RX_SYNCED;
		secnet_ktls_count(c->kd, SECNET_KTLS_RX_RESYNC_OK, 1);
		c->resyncs++;
		rx_publish(c);
	}
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_resync);

#if IS_ENABLED(CONFIG_KUNIT)
/* The last resync asked for (header + 4), if one is pending: for KUnit. */
bool secnet_ktls_rx_requested(struct secnet_ktls_conn *c, u32 *seq)
{
	bool req;

	spin_lock_bh(&c->lock);
	req = c->rx->req;
	*seq = c->rx->req_seq;
	spin_unlock_bh(&c->lock);
	return req;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_requested);

/*
 * KUnit: the next @segments segments go through as if the vector unit were
 * unusable.  Without the vector unit's GHASH (a CPU or kernel without it)
 * the generic one takes its place, so that giving up a record is tested
 * anywhere.  0 or an errno.
 */
int secnet_ktls_rx_nosimd(struct secnet_ktls_conn *c, unsigned int segments)
{
	struct secnet_ktls_rx *rx = c->rx;
	struct crypto_shash *tfm = NULL;

	if (!rx->simd_ghash) {
		tfm = rx_ghash_alloc(rx, "ghash", 0, 0);
		if (IS_ERR(tfm))
			return PTR_ERR(tfm);
	}
	spin_lock_bh(&c->lock);
	if (tfm)
		rx->simd_ghash = tfm;
	rx->nosimd = segments;
	spin_unlock_bh(&c->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_ktls_rx_nosimd);
#endif
