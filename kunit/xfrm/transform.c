// SPDX-License-Identifier: GPL-2.0
/*
 * The transform an SA gets from its state: key, key length, ESN, and the
 * IV salt of the state's own seqiv.  Cases of the secnet_xfrm_sa suite.
 */

#include <linux/random.h>
#include <linux/scatterlist.h>
#include <asm/unaligned.h>
#include <crypto/aead.h>

#include "secnet_xfrm_kunit.h"

/* The state's key, its length and ESN flag make the SA's transform. */
void secnet_xfrm_kunit_sa_add_key(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	const struct secnet_xfrm_kunit_vec *v;
	struct secnet_xfrm_sa *sa;
	unsigned int i, key_bits;
	struct xfrm_state *x;

	for (i = 0; (v = secnet_xfrm_kunit_vec(i)); i++) {
		key_bits = (v->key_len - SECNET_XFRM_SALT_LEN) * 8;
		x = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_OUT,
					    0x100, key_bits);
		memcpy(x->aead->alg_key, v->key, v->key_len);
		if (secnet_xfrm_kunit_vec_esn(v))
			x->props.flags |= XFRM_STATE_ESN;
		sa = secnet_xfrm_kunit_sa_add(test, sdev, x);
		secnet_xfrm_kunit_vec_salt(&sa->crypto, v);
		secnet_xfrm_kunit_vec_seal(test, &sa->crypto, v);
	}
}

/*
 * What software ESP sends for @seq: seqiv over rfc4106, which writes the IV
 * after the 8-byte ESP header itself.
 */
static int seqiv_seal(struct crypto_aead *tfm, u8 *esp, unsigned int len,
		      u64 seq)
{
	struct aead_request *req;
	struct scatterlist sg;
	__be64 *iv;
	int err;

	iv = kmalloc(sizeof(*iv), GFP_KERNEL);
	req = aead_request_alloc(tfm, GFP_KERNEL);
	err = -ENOMEM;
	if (iv && req) {
		*iv = cpu_to_be64(seq);
		sg_init_one(&sg, esp, len);
		aead_request_set_callback(req, 0, NULL, NULL);
		aead_request_set_ad(req, SECNET_XFRM_ESP_LEN);
		aead_request_set_crypt(req, &sg, &sg,
				       len - SECNET_XFRM_ESP_LEN -
				       SECNET_XFRM_ICV_LEN, (u8 *)iv);
		err = crypto_aead_encrypt(req);
	}
	aead_request_free(req);
	kfree(iv);
	return err;
}

/* With the state's seqiv salt the device sends what software ESP would. */
void secnet_xfrm_kunit_sa_add_seqiv_salt(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	const unsigned int len = 37 + SECNET_XFRM_KUNIT_OVERHEAD;
	const u64 seq = 0x0000000200000007ULL;
	struct crypto_aead *tfm;
	struct secnet_xfrm_sa *sa;
	struct xfrm_state *x;
	u8 *sw, *hw;

	x = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_OUT,
				    0x100, 128);
	tfm = crypto_alloc_aead("seqiv(" SECNET_XFRM_ALG ")", 0,
				CRYPTO_ALG_ASYNC);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	x->data = tfm;
	x->geniv = "seqiv";
	KUNIT_ASSERT_EQ(test, crypto_aead_setkey(tfm, x->aead->alg_key,
						 x->aead->alg_key_len / 8), 0);
	KUNIT_ASSERT_EQ(test, crypto_aead_setauthsize(tfm, SECNET_XFRM_ICV_LEN),
			0);
	sa = secnet_xfrm_kunit_sa_add(test, sdev, x);

	sw = kunit_kzalloc(test, len, GFP_KERNEL);
	hw = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sw);
	KUNIT_ASSERT_NOT_NULL(test, hw);
	put_unaligned_be32(0x100, sw);
	put_unaligned_be32(lower_32_bits(seq), sw + 4);
	get_random_bytes(sw + SECNET_XFRM_HDR_LEN,
			 len - SECNET_XFRM_KUNIT_OVERHEAD);
	memcpy(hw, sw, len);

	KUNIT_ASSERT_EQ(test, seqiv_seal(tfm, sw, len, seq), 0);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_seal(&sa->crypto, hw, len, seq), 0);
	SECNET_XFRM_KUNIT_ASSERT_BYTES(test, hw, sw, len, "sealed");
}
