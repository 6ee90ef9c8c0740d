// SPDX-License-Identifier: GPL-2.0
/*
 * The ESP transform: secnet_xfrm_seal(), secnet_xfrm_open() and their
 * scatterlist forms against published packets and against the kernel's own
 * rfc4106(gcm(aes)), the IV they write, what they refuse.
 */

#include <linux/random.h>
#include <linux/scatterlist.h>
#include <asm/simd.h>
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <crypto/internal/simd.h>

#include "secnet_xfrm_kunit.h"

#define ESN_AAD_LEN	12

static struct secnet_xfrm_crypto *
vec_crypto(struct kunit *test, const struct secnet_xfrm_kunit_vec *v)
{
	struct secnet_xfrm_crypto *c;

	c = secnet_xfrm_kunit_crypto(test, (const u8 *)v->key, v->key_len,
				     secnet_xfrm_kunit_vec_esn(v));
	secnet_xfrm_kunit_vec_salt(c, v);
	return c;
}

/* Seal writes each vector's IV, ciphertext and ICV; open undoes it. */
static void crypto_seal_known_answer(struct kunit *test)
{
	const struct secnet_xfrm_kunit_vec *v;
	struct secnet_xfrm_crypto *c;
	unsigned int i, len;
	u8 *esp, *wire;
	u64 seq;
	int err;

	for (i = 0; (v = secnet_xfrm_kunit_vec(i)); i++) {
		c = vec_crypto(test, v);
		secnet_xfrm_kunit_vec_seal(test, c, v);

		len = v->len + SECNET_XFRM_KUNIT_OVERHEAD;
		seq = secnet_xfrm_kunit_vec_seq(v);
		esp = secnet_xfrm_kunit_vec_packet(test, v, false);
		wire = secnet_xfrm_kunit_vec_packet(test, v, true);
		err = secnet_xfrm_seal(c, esp, len, seq);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", v->name);
		err = secnet_xfrm_open(c, esp, len, upper_32_bits(seq));
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s: open", v->name);
		/* Header, IV and ICV stay; the payload is plain again. */
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp, wire,
					       SECNET_XFRM_HDR_LEN,
					       "%s: header", v->name);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp + SECNET_XFRM_HDR_LEN,
					       v->ptext, v->len,
					       "%s: payload", v->name);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test,
					       esp + len - SECNET_XFRM_ICV_LEN,
					       wire + len - SECNET_XFRM_ICV_LEN,
					       SECNET_XFRM_ICV_LEN,
					       "%s: ICV", v->name);
	}
}

/* Open takes each published packet, sealed elsewhere, back to plain. */
static void crypto_open_known_answer(struct kunit *test)
{
	const struct secnet_xfrm_kunit_vec *v;
	struct secnet_xfrm_crypto *c;
	unsigned int i;
	u32 seq_hi;
	u8 *esp;
	int err;

	for (i = 0; (v = secnet_xfrm_kunit_vec(i)); i++) {
		c = vec_crypto(test, v);
		esp = secnet_xfrm_kunit_vec_packet(test, v, true);
		seq_hi = upper_32_bits(secnet_xfrm_kunit_vec_seq(v));
		/* Without ESN the high half is none of the device's concern. */
		if (!secnet_xfrm_kunit_vec_esn(v))
			seq_hi = 0xdeadbeef;
		err = secnet_xfrm_open(c, esp,
				       v->len + SECNET_XFRM_KUNIT_OVERHEAD,
				       seq_hi);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", v->name);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp + SECNET_XFRM_HDR_LEN,
					       v->ptext, v->len,
					       "%s: payload", v->name);
	}
}

/*
 * Any single bit flipped anywhere in the packet (SPI, sequence number, IV,
 * ciphertext, ICV) fails the ICV, and so does any other high half of an
 * extended sequence number.
 */
static void tampered(struct kunit *test, const struct secnet_xfrm_kunit_vec *v)
{
	struct secnet_xfrm_crypto *c = vec_crypto(test, v);
	unsigned int len = v->len + SECNET_XFRM_KUNIT_OVERHEAD;
	u8 *wire = secnet_xfrm_kunit_vec_packet(test, v, true);
	u32 seq_hi = upper_32_bits(secnet_xfrm_kunit_vec_seq(v));
	u8 *esp = kunit_kmalloc(test, len, GFP_KERNEL);
	unsigned int bit;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, esp);
	memcpy(esp, wire, len);
	err = secnet_xfrm_open(c, esp, len, seq_hi);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s: untouched", v->name);

	for (bit = 0; bit < len * 8; bit++) {
		/* A failed open leaves the payload decrypted: start afresh. */
		memcpy(esp, wire, len);
		esp[bit / 8] ^= BIT(bit % 8);
		err = secnet_xfrm_open(c, esp, len, seq_hi);
		KUNIT_ASSERT_EQ_MSG(test, err, -EBADMSG, "%s: bit %u flipped",
				    v->name, bit);
	}

	if (!secnet_xfrm_kunit_vec_esn(v))
		return;
	for (bit = 0; bit < 32; bit++) {
		memcpy(esp, wire, len);
		err = secnet_xfrm_open(c, esp, len, seq_hi ^ BIT(bit));
		KUNIT_ASSERT_EQ_MSG(test, err, -EBADMSG, "%s: seq_hi bit %u",
				    v->name, bit);
	}
}

static void crypto_tampered(struct kunit *test)
{
	const struct secnet_xfrm_kunit_vec *v;
	unsigned int i;

	for (i = 0; (v = secnet_xfrm_kunit_vec(i)); i++)
		tampered(test, v);
}

/*
 * RFC 4106 with ESN done by the kernel's rfc4106(gcm(aes)) from one buffer
 * the test lays out itself: AAD (SPI, seq_hi, seq_lo), IV, payload, ICV.
 * Leaves ciphertext and ICV in @out.
 */
static int esn_reference(const u8 *key, unsigned int key_len, const u8 *spi,
			 u64 seq, const u8 *iv, const u8 *ptext,
			 unsigned int len, u8 *out)
{
	unsigned int assoclen = ESN_AAD_LEN + SECNET_XFRM_IV_LEN;
	struct aead_request *req;
	struct crypto_aead *tfm;
	struct scatterlist sg;
	u8 *buf;
	int err;

	buf = kzalloc(assoclen + len + SECNET_XFRM_ICV_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, spi, 4);
	put_unaligned_be32(upper_32_bits(seq), buf + 4);
	put_unaligned_be32(lower_32_bits(seq), buf + 8);
	memcpy(buf + ESN_AAD_LEN, iv, SECNET_XFRM_IV_LEN);
	memcpy(buf + assoclen, ptext, len);

	tfm = crypto_alloc_aead(SECNET_XFRM_ALG, 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		goto out_buf;
	}
	err = crypto_aead_setkey(tfm, key, key_len) ?:
	      crypto_aead_setauthsize(tfm, SECNET_XFRM_ICV_LEN);
	if (err)
		goto out_tfm;
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		err = -ENOMEM;
		goto out_tfm;
	}
	sg_init_one(&sg, buf, assoclen + len + SECNET_XFRM_ICV_LEN);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, assoclen);
	aead_request_set_crypt(req, &sg, &sg, len, buf + ESN_AAD_LEN);
	err = crypto_aead_encrypt(req);
	if (!err)
		memcpy(out, buf + assoclen, len + SECNET_XFRM_ICV_LEN);
	aead_request_free(req);
out_tfm:
	crypto_free_aead(tfm);
out_buf:
	kfree(buf);
	return err;
}

/*
 * With ESN, seal puts the high half of the sequence number into the AAD
 * between SPI and low half, and open needs the same high half back.
 */
static void crypto_esn_reference(struct kunit *test)
{
	static const unsigned int lens[] = { 0, 1, 15, 16, 17, 61 };
	static const u64 seqs[] = {
		0x0000000100000000ULL, 0x00000001ffffffffULL,
		0x8000000000000001ULL, 0xfffffffffffffffeULL,
		0x0123456789abcdefULL, 0x7fffffff00000000ULL,
	};
	const unsigned int max = 61 + SECNET_XFRM_KUNIT_OVERHEAD;
	u8 key[32 + SECNET_XFRM_SALT_LEN], ptext[61];
	unsigned int i, len, key_len, plen;
	struct secnet_xfrm_crypto *c;
	u8 *esp, *data, *want;
	u32 seq_hi;
	u64 seq;
	int err;

	esp = kunit_kmalloc(test, max, GFP_KERNEL);
	want = kunit_kmalloc(test, max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, esp);
	KUNIT_ASSERT_NOT_NULL(test, want);
	data = esp + SECNET_XFRM_HDR_LEN;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		key_len = (i % 2 ? 32 : 16) + SECNET_XFRM_SALT_LEN;
		plen = lens[i];
		len = plen + SECNET_XFRM_KUNIT_OVERHEAD;
		seq = seqs[i];
		seq_hi = upper_32_bits(seq);
		get_random_bytes(key, key_len);
		get_random_bytes(ptext, plen);
		c = secnet_xfrm_kunit_crypto(test, key, key_len, true);
		get_random_bytes(c->iv_salt, SECNET_XFRM_IV_LEN);

		/* SPI at random, the low half of seq as the stack writes it. */
		get_random_bytes(esp, SECNET_XFRM_ESP_LEN);
		put_unaligned_be32(lower_32_bits(seq), esp + 4);
		memcpy(data, ptext, plen);
		err = secnet_xfrm_seal(c, esp, len, seq);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "length %u", plen);
		err = esn_reference(key, key_len, esp, seq,
				    esp + SECNET_XFRM_ESP_LEN, ptext, plen,
				    want);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "length %u: reference", plen);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, data, want,
					       plen + SECNET_XFRM_ICV_LEN,
					       "length %u: sealed", plen);

		memcpy(want, esp, len);
		err = secnet_xfrm_open(c, esp, len, seq_hi + 1);
		KUNIT_ASSERT_EQ_MSG(test, err, -EBADMSG,
				    "length %u: seq_hi + 1", plen);
		memcpy(esp, want, len);
		err = secnet_xfrm_open(c, esp, len, 0);
		KUNIT_ASSERT_EQ_MSG(test, err, -EBADMSG, "length %u: seq_hi 0",
				    plen);
		memcpy(esp, want, len);
		err = secnet_xfrm_open(c, esp, len, seq_hi);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "length %u: open", plen);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, data, ptext, plen,
					       "length %u: opened", plen);
	}
}

/* The IV seal writes is the 64-bit sequence number XOR the salt, exactly. */
static void crypto_iv(struct kunit *test)
{
	static const u64 seqs[] = {
		0, 1, 0xffffffffULL, 0x100000000ULL, 0x0123456789abcdefULL,
		U64_MAX,
	};
	const unsigned int len = SECNET_XFRM_KUNIT_OVERHEAD + 5;
	u8 key[16 + SECNET_XFRM_SALT_LEN], iv[SECNET_XFRM_IV_LEN];
	struct secnet_xfrm_crypto *c;
	unsigned int i, esn;
	u8 *esp, *written;
	int err;

	esp = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, esp);
	written = esp + SECNET_XFRM_ESP_LEN;
	get_random_bytes(key, sizeof(key));
	for (esn = 0; esn < 2; esn++) {
		c = secnet_xfrm_kunit_crypto(test, key, sizeof(key), esn);
		get_random_bytes(c->iv_salt, SECNET_XFRM_IV_LEN);
		for (i = 0; i < ARRAY_SIZE(seqs); i++) {
			put_unaligned_be64(seqs[i], iv);
			crypto_xor(iv, c->iv_salt, SECNET_XFRM_IV_LEN);
			put_unaligned_be32(lower_32_bits(seqs[i]), esp + 4);
			err = secnet_xfrm_seal(c, esp, len, seqs[i]);
			KUNIT_ASSERT_EQ(test, err, 0);
			SECNET_XFRM_KUNIT_ASSERT_BYTES(test, written, iv,
						       sizeof(iv),
						       "esn %u, seq %#llx",
						       esn, seqs[i]);
			err = secnet_xfrm_open(c, esp, len,
					       upper_32_bits(seqs[i]));
			KUNIT_ASSERT_EQ(test, err, 0);
		}
	}
}

/*
 * A packet shorter than header, IV and ICV is refused before anything is
 * written; one exactly that long (no payload) goes through.
 */
static void crypto_too_short(struct kunit *test)
{
	const unsigned int min = SECNET_XFRM_KUNIT_OVERHEAD;
	u8 key[16 + SECNET_XFRM_SALT_LEN] = { 1 };
	struct secnet_xfrm_crypto *c;
	unsigned int len, i, esn;
	u8 *esp, *copy;
	int err;

	esp = kunit_kmalloc(test, min, GFP_KERNEL);
	copy = kunit_kmalloc(test, min, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, esp);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	for (i = 0; i < min; i++)
		copy[i] = i * 7 + 1;

	for (esn = 0; esn < 2; esn++) {
		c = secnet_xfrm_kunit_crypto(test, key, sizeof(key), esn);
		for (len = 0; len < min; len++) {
			memcpy(esp, copy, min);
			err = secnet_xfrm_seal(c, esp, len, 1);
			KUNIT_ASSERT_EQ_MSG(test, err, -EINVAL,
					    "seal, length %u", len);
			err = secnet_xfrm_open(c, esp, len, 0);
			KUNIT_ASSERT_EQ_MSG(test, err, -EINVAL,
					    "open, length %u", len);
			SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp, copy, min,
						       "length %u", len);
		}
		KUNIT_ASSERT_EQ(test, secnet_xfrm_seal(c, esp, min, 1), 0);
		KUNIT_ASSERT_EQ(test, secnet_xfrm_open(c, esp, min, 0), 0);
	}
}

#define SCATTER_MAX	8

/*
 * @len bytes from @data in pieces of their own after the AAD and IV: uneven
 * cuts, none on a block boundary, the last taking the rest.
 */
static struct scatterlist *scatter(struct kunit *test, const u8 *data,
				   unsigned int len)
{
	struct scatterlist *sg;
	unsigned int n, off, piece;
	u8 *buf;

	sg = kunit_kmalloc_array(test, SECNET_XFRM_SG_HEAD + SCATTER_MAX,
				 sizeof(*sg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sg);
	sg_init_table(sg, SECNET_XFRM_SG_HEAD + SCATTER_MAX);
	for (n = 0, off = 0; off < len; n++, off += piece) {
		piece = 7 + 5 * n;
		if (n == SCATTER_MAX - 1 || piece >= len - off)
			piece = len - off;
		buf = kunit_kmalloc(test, piece, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		memcpy(buf, data + off, piece);
		sg_set_buf(&sg[SECNET_XFRM_SG_HEAD + n], buf, piece);
	}
	sg_mark_end(&sg[SECNET_XFRM_SG_HEAD + n - 1]);
	return sg;
}

/*
 * The device's data path: payload scattered over the pages of a frame,
 * sealed into a buffer of its own while the frame keeps the plaintext, and
 * opened in place across pieces.
 */
static void crypto_scattered(struct kunit *test)
{
	const unsigned int hdr = SECNET_XFRM_HDR_LEN;
	const struct secnet_xfrm_kunit_vec *v;
	struct scatterlist *src, dst[SECNET_XFRM_SG_HEAD + 1];
	struct secnet_xfrm_crypto *c;
	struct sg_mapping_iter miter;
	unsigned int i, len, piece;
	u8 *esp, *wire, *out;
	u32 seq_hi;
	int err;

	for (i = 0; (v = secnet_xfrm_kunit_vec(i)); i++) {
		c = vec_crypto(test, v);
		len = v->len + SECNET_XFRM_ICV_LEN;
		esp = secnet_xfrm_kunit_vec_packet(test, v, false);
		wire = secnet_xfrm_kunit_vec_packet(test, v, true);
		out = kunit_kzalloc(test, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, out);

		src = scatter(test, esp + hdr, len);
		sg_init_table(dst, ARRAY_SIZE(dst));
		sg_set_buf(&dst[SECNET_XFRM_SG_HEAD], out, len);
		err = secnet_xfrm_seal_sg(c, esp, src, dst, len,
					  secnet_xfrm_kunit_vec_seq(v));
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", v->name);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp, wire, hdr,
					       "%s: header", v->name);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, out, wire + hdr, len,
					       "%s: sealed", v->name);
		sg_miter_start(&miter, src + SECNET_XFRM_SG_HEAD,
			       sg_nents(src + SECNET_XFRM_SG_HEAD),
			       SG_MITER_FROM_SG);
		for (piece = 0; sg_miter_next(&miter); piece += miter.length)
			SECNET_XFRM_KUNIT_ASSERT_BYTES(test, miter.addr,
						       esp + hdr + piece,
						       miter.length,
						       "%s: source kept",
						       v->name);
		sg_miter_stop(&miter);

		src = scatter(test, wire + hdr, len);
		seq_hi = upper_32_bits(secnet_xfrm_kunit_vec_seq(v));
		err = secnet_xfrm_open_sg(c, wire, src, len, seq_hi);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s: open", v->name);
		sg_copy_to_buffer(src + SECNET_XFRM_SG_HEAD,
				  sg_nents(src + SECNET_XFRM_SG_HEAD), out, len);
		SECNET_XFRM_KUNIT_ASSERT_BYTES(test, out, v->ptext, v->len,
					       "%s: opened", v->name);
	}
}

/*
 * Where the kernel's rfc4106(gcm(aes)) comes from a vector unit (AES-NI),
 * public only behind an asynchronous wrapper, the SA holds the synchronous
 * inner form as well; it and the portable transform write the same packets
 * and open each other's.
 */
static void crypto_vector_unit(struct kunit *test)
{
	const struct secnet_xfrm_kunit_vec *v = secnet_xfrm_kunit_vec(0);
	struct secnet_xfrm_crypto *c = vec_crypto(test, v);
	struct secnet_xfrm_crypto portable = *c;
	unsigned int len = v->len + SECNET_XFRM_KUNIT_OVERHEAD;
	u64 seq = secnet_xfrm_kunit_vec_seq(v);
	struct crypto_aead *tfm;
	bool wrapped;
	u8 *esp;

	tfm = crypto_alloc_aead(SECNET_XFRM_ALG, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	wrapped = crypto_aead_alg(tfm)->base.cra_flags & CRYPTO_ALG_ASYNC;
	crypto_free_aead(tfm);
	if (!wrapped) {
		KUNIT_ASSERT_NULL(test, c->aead.simd_tfm);
		kunit_skip(test, "no vector-unit rfc4106(gcm(aes)) here");
	}
	KUNIT_ASSERT_NOT_NULL(test, c->aead.simd_tfm);
	KUNIT_ASSERT_FALSE(test,
			   crypto_aead_alg(c->aead.simd_tfm)->base.cra_flags &
			   CRYPTO_ALG_ASYNC);
	KUNIT_ASSERT_TRUE(test, crypto_simd_usable());

	portable.aead.simd_tfm = NULL;
	secnet_xfrm_kunit_vec_seal(test, &portable, v);
	secnet_xfrm_kunit_vec_seal(test, c, v);
	esp = secnet_xfrm_kunit_vec_packet(test, v, false);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_seal(c, esp, len, seq), 0);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_open(&portable, esp, len,
					       upper_32_bits(seq)), 0);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_seal(&portable, esp, len, seq), 0);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_open(c, esp, len,
					       upper_32_bits(seq)), 0);
	SECNET_XFRM_KUNIT_ASSERT_BYTES(test, esp + SECNET_XFRM_HDR_LEN,
				       v->ptext, v->len, "opened");
}

/* A key rfc4106(gcm(aes)) cannot take leaves no transform behind. */
static void crypto_init_destroy(struct kunit *test)
{
	static const unsigned int bad[] = { 0, 4, 19, 21, 35, 37 };
	u8 key[40] = { 0 };
	unsigned int i, icv_len;
	struct secnet_xfrm_crypto c;
	bool esn;
	int err;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&c, 0xa5, sizeof(c));
		err = secnet_xfrm_crypto_init(&c, key, bad[i], false);
		KUNIT_ASSERT_EQ_MSG(test, err, -EINVAL, "key length %u",
				    bad[i]);
		KUNIT_ASSERT_NULL_MSG(test, c.aead.tfm, "key length %u",
				      bad[i]);
	}

	memset(&c, 0xa5, sizeof(c));
	KUNIT_ASSERT_EQ(test, secnet_xfrm_crypto_init(&c, key, 20, true), 0);
	esn = c.esn;
	icv_len = crypto_aead_authsize(c.aead.tfm);
	secnet_xfrm_crypto_destroy(&c);
	KUNIT_ASSERT_TRUE(test, esn);
	KUNIT_ASSERT_EQ(test, icv_len, SECNET_XFRM_ICV_LEN);
	KUNIT_ASSERT_NULL(test, c.aead.tfm);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(c.iv_salt, 0, sizeof(c.iv_salt)));
}

static struct kunit_case crypto_cases[] = {
	KUNIT_CASE(crypto_seal_known_answer),
	KUNIT_CASE(crypto_open_known_answer),
	KUNIT_CASE(crypto_tampered),
	KUNIT_CASE(crypto_esn_reference),
	KUNIT_CASE(crypto_iv),
	KUNIT_CASE(crypto_too_short),
	KUNIT_CASE(crypto_scattered),
	KUNIT_CASE(crypto_vector_unit),
	KUNIT_CASE(crypto_init_destroy),
	{}
};

static struct kunit_suite crypto_suite = {
	.name = "secnet_xfrm_crypto",
	.test_cases = crypto_cases,
};

kunit_test_suite(crypto_suite);
