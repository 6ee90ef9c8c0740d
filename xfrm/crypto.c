// SPDX-License-Identifier: GPL-2.0
/*
 * The ESP transform (RFC 4106, AES-GCM) on a packet laid out as on the wire:
 * ESP header (SPI, sequence number), 8-byte IV, payload and trailer, ICV.
 * The header and IV are contiguous with the payload, which is what the
 * kernel's rfc4106 template expects of a non-ESN request, so the packet is
 * its own scatterlist; with ESN the AAD needs the high sequence bits between
 * the SPI and the low ones, so it is built apart.
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

	/* Synchronous only: a packet must be done before it crosses. */
	c->tfm = crypto_alloc_aead(SECNET_XFRM_ALG, 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(c->tfm)) {
		err = PTR_ERR(c->tfm);
		c->tfm = NULL;
		return err;
	}
	err = crypto_aead_setkey(c->tfm, key, key_len);
	if (!err)
		err = crypto_aead_setauthsize(c->tfm, SECNET_XFRM_ICV_LEN);
	if (err) {
		crypto_free_aead(c->tfm);
		c->tfm = NULL;
		return err;
	}
	c->esn = esn;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_crypto_init);

/* The tfm's context, holding the key schedule, is wiped as it is freed. */
void secnet_xfrm_crypto_destroy(struct secnet_xfrm_crypto *c)
{
	crypto_free_aead(c->tfm);
	c->tfm = NULL;
	memzero_explicit(c->iv_salt, sizeof(c->iv_salt));
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_crypto_destroy);

static int secnet_xfrm_crypt(const struct secnet_xfrm_crypto *c, u8 *esp,
			     unsigned int len, u32 seq_hi, bool encrypt)
{
	unsigned int reqsize = sizeof(struct aead_request) +
			       crypto_aead_reqsize(c->tfm);
	unsigned int cryptlen = len - SECNET_XFRM_HDR_LEN;
	struct aead_request *req;
	struct scatterlist sg[2];
	unsigned int assoclen;
	u8 *aad;
	int err;

	if (len < SECNET_XFRM_HDR_LEN + SECNET_XFRM_ICV_LEN)
		return -EINVAL;
	if (encrypt)
		cryptlen -= SECNET_XFRM_ICV_LEN;

	req = kmalloc(ALIGN(reqsize, sizeof(u32)) + SECNET_XFRM_ESN_AAD_LEN,
		      GFP_ATOMIC);
	if (!req)
		return -ENOMEM;

	if (c->esn) {
		aad = (u8 *)req + ALIGN(reqsize, sizeof(u32));
		memcpy(aad, esp, 4);
		put_unaligned_be32(seq_hi, aad + 4);
		memcpy(aad + 8, esp + 4, 4);
		sg_init_table(sg, 2);
		sg_set_buf(&sg[0], aad, SECNET_XFRM_ESN_AAD_LEN);
		sg_set_buf(&sg[1], esp + SECNET_XFRM_ESP_LEN,
			   len - SECNET_XFRM_ESP_LEN);
		assoclen = SECNET_XFRM_ESN_AAD_LEN + SECNET_XFRM_IV_LEN;
	} else {
		sg_init_one(sg, esp, len);
		assoclen = SECNET_XFRM_HDR_LEN;
	}

	aead_request_set_tfm(req, c->tfm);
	aead_request_set_callback(req, 0, NULL, NULL);
	/* rfc4106 takes the IV both here and after the AAD, and skips it. */
	aead_request_set_ad(req, assoclen);
	aead_request_set_crypt(req, sg, sg, cryptlen,
			       esp + SECNET_XFRM_ESP_LEN);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	kfree_sensitive(req);
	return err;
}

/**
 * secnet_xfrm_seal - encrypt an outbound ESP packet in place
 * @c: the SA's transform
 * @esp: the ESP header; the trailer (padding, pad length, next header) is
 *	in place and room for the ICV follows it
 * @len: bytes from @esp to the end of the ICV
 * @seq: the full 64-bit sequence number of the packet
 *
 * Writes the IV, encrypts the payload and trailer, and writes the ICV.
 * Return: 0, or a negative errno (-EINVAL for a packet too short).
 */
int secnet_xfrm_seal(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u64 seq)
{
	u8 *iv = esp + SECNET_XFRM_ESP_LEN;

	if (len < SECNET_XFRM_HDR_LEN + SECNET_XFRM_ICV_LEN)
		return -EINVAL;
	put_unaligned_be64(seq, iv);
	crypto_xor(iv, c->iv_salt, SECNET_XFRM_IV_LEN);
	return secnet_xfrm_crypt(c, esp, len, seq >> 32, true);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_seal);

/**
 * secnet_xfrm_open - decrypt and verify an inbound ESP packet in place
 * @c: the SA's transform
 * @esp: the ESP header
 * @len: bytes from @esp to the end of the ICV
 * @seq_hi: the high 32 bits of the sequence number (ESN only)
 *
 * Leaves the header, IV and ICV where they are and the plaintext between.
 * Return: 0, -EBADMSG if the ICV does not verify, or another negative errno.
 */
int secnet_xfrm_open(const struct secnet_xfrm_crypto *c, u8 *esp,
		     unsigned int len, u32 seq_hi)
{
	return secnet_xfrm_crypt(c, esp, len, seq_hi, false);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_xfrm_open);
