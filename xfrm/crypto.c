// SPDX-License-Identifier: GPL-2.0
/*
 * The ESP transform (RFC 4106, AES-GCM) on a packet laid out as on the wire:
 * ESP header (SPI, sequence number), 8-byte IV, payload and trailer, ICV.
 * The AAD is the ESP header, or with ESN the SPI, the high and then the low
 * sequence bits, built apart; either way it and the IV lead the scatterlist,
 * and the payload follows from wherever the packet keeps it.
 */

#include <kunit/visibility.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <crypto/algapi.h>

#include "secnet_xfrm.h"

#define SECNET_XFRM_ESN_AAD_LEN	12

int secnet_xfrm_crypto_init(struct secnet_xfrm_crypto *c, const u8 *key,
			    unsigned int key_len, bool esn)
{
	int err;

	err = secnet_aead_init(&c->aead, SECNET_XFRM_ALG, key, key_len,
			       SECNET_XFRM_ICV_LEN);
	if (err)
		return err;
	c->esn = esn;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_crypto_init);

void secnet_xfrm_crypto_destroy(struct secnet_xfrm_crypto *c)
{
	secnet_aead_destroy(&c->aead);
	memzero_explicit(c->iv_salt, sizeof(c->iv_salt));
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_crypto_destroy);

/* The AAD and the IV, as the two entries before the payload in @sg. */
static unsigned int secnet_xfrm_sg_head(const struct secnet_xfrm_crypto *c,
					struct scatterlist *sg, u8 *esp,
					u8 *aad, u32 seq_hi)
{
	if (c->esn) {
		memcpy(aad, esp, 4);
		put_unaligned_be32(seq_hi, aad + 4);
		memcpy(aad + 8, esp + 4, 4);
		sg_set_buf(&sg[0], aad, SECNET_XFRM_ESN_AAD_LEN);
	} else {
		sg_set_buf(&sg[0], esp, SECNET_XFRM_ESP_LEN);
	}
	sg_set_buf(&sg[1], esp + SECNET_XFRM_ESP_LEN, SECNET_XFRM_IV_LEN);
	return sg[0].length + SECNET_XFRM_IV_LEN;
}

static int secnet_xfrm_crypt(const struct secnet_xfrm_crypto *c, u8 *esp,
			     struct scatterlist *src, struct scatterlist *dst,
			     unsigned int len, u32 seq_hi, bool encrypt)
{
	struct aead_request *req;
	unsigned int assoclen;
	void *aad;
	int err;

	if (len < SECNET_XFRM_ICV_LEN)
		return -EINVAL;
	req = secnet_aead_request(&c->aead, SECNET_XFRM_ESN_AAD_LEN, &aad,
				  GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	assoclen = secnet_xfrm_sg_head(c, src, esp, aad, seq_hi);
	if (dst != src) {
		sg_set_buf(&dst[0], sg_virt(&src[0]), src[0].length);
		sg_set_buf(&dst[1], sg_virt(&src[1]), src[1].length);
	}

	/* rfc4106 takes the IV both here and after the AAD, and skips it. */
	aead_request_set_ad(req, assoclen);
	aead_request_set_crypt(req, src, dst,
			       encrypt ? len - SECNET_XFRM_ICV_LEN : len,
			       esp + SECNET_XFRM_ESP_LEN);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	kfree_sensitive(req);
	return err;
}

/**
 * secnet_xfrm_seal_sg - encrypt an outbound ESP packet
 * @c: the SA's transform
 * @esp: the ESP header, with room for the IV after it
 * @src: %SECNET_XFRM_SG_HEAD free entries, then the payload and the trailer
 *	(padding, pad length, next header) and room for the ICV
 * @dst: the same layout for the ciphertext and ICV, or @src for in place
 * @len: bytes of payload, trailer and ICV
 * @seq: the full 64-bit sequence number of the packet
 *
 * Writes the IV, encrypts the payload and trailer, and writes the ICV.
 * Return: 0, or a negative errno (-EINVAL for a packet too short).
 */
int secnet_xfrm_seal_sg(const struct secnet_xfrm_crypto *c, u8 *esp,
			struct scatterlist *src, struct scatterlist *dst,
			unsigned int len, u64 seq)
{
	u8 *iv = esp + SECNET_XFRM_ESP_LEN;

	if (len < SECNET_XFRM_ICV_LEN)
		return -EINVAL;
	put_unaligned_be64(seq, iv);
	crypto_xor(iv, c->iv_salt, SECNET_XFRM_IV_LEN);
	return secnet_xfrm_crypt(c, esp, src, dst, len, seq >> 32, true);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_seal_sg);

/**
 * secnet_xfrm_open_sg - decrypt and verify an inbound ESP packet in place
 * @c: the SA's transform
 * @esp: the ESP header and IV
 * @sg: %SECNET_XFRM_SG_HEAD free entries, then the ciphertext and ICV
 * @len: bytes of ciphertext and ICV
 * @seq_hi: the high 32 bits of the sequence number (ESN only)
 *
 * Leaves the ICV where it is and the plaintext before it.
 * Return: 0, -EBADMSG if the ICV does not verify, or another negative errno.
 */
int secnet_xfrm_open_sg(const struct secnet_xfrm_crypto *c, u8 *esp,
			struct scatterlist *sg, unsigned int len, u32 seq_hi)
{
	return secnet_xfrm_crypt(c, esp, sg, sg, len, seq_hi, false);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_open_sg);

/* One contiguous packet, @len bytes from @esp to the end of the ICV. */
static int secnet_xfrm_crypt_buf(const struct secnet_xfrm_crypto *c, u8 *esp,
				 unsigned int len, u64 seq, bool encrypt)
{
	struct scatterlist sg[SECNET_XFRM_SG_HEAD + 1];

	if (len < SECNET_XFRM_HDR_LEN)
		return -EINVAL;
	sg_init_table(sg, ARRAY_SIZE(sg));
	sg_set_buf(&sg[SECNET_XFRM_SG_HEAD], esp + SECNET_XFRM_HDR_LEN,
		   len - SECNET_XFRM_HDR_LEN);
	len -= SECNET_XFRM_HDR_LEN;
	if (encrypt)
		return secnet_xfrm_seal_sg(c, esp, sg, sg, len, seq);
	return secnet_xfrm_open_sg(c, esp, sg, len, seq);
}

/**
 * secnet_xfrm_seal - secnet_xfrm_seal_sg() in place on a contiguous packet
 * @c: the SA's transform
 * @esp: the ESP header
 * @len: bytes from @esp to the end of the ICV
 * @seq: the full 64-bit sequence number of the packet
 *
 * Return: 0, or a negative errno (-EINVAL for a packet too short).
 */
int secnet_xfrm_seal(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u64 seq)
{
	return secnet_xfrm_crypt_buf(c, esp, len, seq, true);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_seal);

/**
 * secnet_xfrm_open - secnet_xfrm_open_sg() on a contiguous packet
 * @c: the SA's transform
 * @esp: the ESP header
 * @len: bytes from @esp to the end of the ICV
 * @seq_hi: the high 32 bits of the sequence number (ESN only)
 *
 * Return: 0, -EBADMSG if the ICV does not verify, or another negative errno.
 */
int secnet_xfrm_open(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u32 seq_hi)
{
	return secnet_xfrm_crypt_buf(c, esp, len, seq_hi, false);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_open);
