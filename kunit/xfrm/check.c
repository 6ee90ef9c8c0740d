// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_xfrm_sa_check(): which states the engine takes, and the reason it
 * gives for each it declines.  Cases of the secnet_xfrm_sa suite.
 */

#include "secnet_xfrm_kunit.h"

/* ESP, rfc4106(gcm(aes)) with a 128 or 256-bit key: offloaded. */
void secnet_xfrm_kunit_sa_check_accepts(struct kunit *test)
{
	static const unsigned short families[] = { AF_INET, AF_INET6 };
	static const u8 modes[] = { XFRM_MODE_TRANSPORT, XFRM_MODE_TUNNEL };
	static const unsigned int key_bits[] = { 128, 256 };
	unsigned int f, m, k;
	struct xfrm_state *x;
	const char *reason;
	int err;

	for (f = 0; f < ARRAY_SIZE(families); f++)
		for (m = 0; m < ARRAY_SIZE(modes); m++)
			for (k = 0; k < ARRAY_SIZE(key_bits); k++) {
				x = secnet_xfrm_kunit_state(test, families[f],
							    XFRM_DEV_OFFLOAD_IN,
							    0x100, key_bits[k]);
				x->props.mode = modes[m];
				x->props.flags = k ? XFRM_STATE_ESN : 0;
				reason = NULL;
				err = secnet_xfrm_sa_check(x, &reason);
				KUNIT_ASSERT_EQ_MSG(test, err, 0,
						    "af %u mode %u %u: %s",
						    families[f], modes[m],
						    key_bits[k], reason);
			}
}

enum sa_decline {
	DECLINE_AH,
	DECLINE_CCM,
	DECLINE_GMAC,
	DECLINE_NO_AEAD,
	DECLINE_KEY_192,
	DECLINE_NO_SALT,
	DECLINE_ICV_64,
	DECLINE_ICV_96,
	DECLINE_ENCAP,
	DECLINE_COMPRESSION,
	DECLINE_TFC,
	DECLINE_BEET,
	DECLINE_FAMILY,

	SA_DECLINES
};

static const char *const sa_decline_names[SA_DECLINES] = {
	[DECLINE_AH] = "AH",
	[DECLINE_CCM] = "CCM",
	[DECLINE_GMAC] = "GMAC",
	[DECLINE_NO_AEAD] = "no AEAD",
	[DECLINE_KEY_192] = "192-bit key",
	[DECLINE_NO_SALT] = "no salt",
	[DECLINE_ICV_64] = "64-bit ICV",
	[DECLINE_ICV_96] = "96-bit ICV",
	[DECLINE_ENCAP] = "UDP encapsulation",
	[DECLINE_COMPRESSION] = "compression",
	[DECLINE_TFC] = "TFC padding",
	[DECLINE_BEET] = "BEET",
	[DECLINE_FAMILY] = "no family",
};

static const char *sa_decline(struct kunit *test, struct xfrm_state *x,
			      enum sa_decline what)
{
	switch (what) {
	case DECLINE_AH:
		x->id.proto = IPPROTO_AH;
		return "not ESP";
	case DECLINE_CCM:
		strscpy(x->aead->alg_name, "rfc4309(ccm(aes))",
			sizeof(x->aead->alg_name));
		break;
	case DECLINE_GMAC:
		strscpy(x->aead->alg_name, "rfc4543(gcm(aes))",
			sizeof(x->aead->alg_name));
		break;
	case DECLINE_NO_AEAD:
		/* As an encryption and an authentication algorithm leave it. */
		x->aead = NULL;
		break;
	case DECLINE_KEY_192:
		x->aead->alg_key_len = (24 + SECNET_XFRM_SALT_LEN) * 8;
		return "key is neither 128 nor 256 bits";
	case DECLINE_NO_SALT:
		x->aead->alg_key_len = 16 * 8;
		return "key is neither 128 nor 256 bits";
	case DECLINE_ICV_64:
		x->aead->alg_icv_len = 64;
		return "ICV is not 128 bits";
	case DECLINE_ICV_96:
		x->aead->alg_icv_len = 96;
		return "ICV is not 128 bits";
	case DECLINE_ENCAP:
		x->encap = kunit_kzalloc(test, sizeof(*x->encap), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, x->encap);
		return "compression, UDP encapsulation or TFC padding";
	case DECLINE_COMPRESSION:
		x->calg = kunit_kzalloc(test, sizeof(*x->calg), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, x->calg);
		return "compression, UDP encapsulation or TFC padding";
	case DECLINE_TFC:
		x->tfcpad = 64;
		return "compression, UDP encapsulation or TFC padding";
	case DECLINE_BEET:
		x->props.mode = XFRM_MODE_BEET;
		return "mode is neither transport nor tunnel";
	case DECLINE_FAMILY:
		x->props.family = AF_UNSPEC;
		return "family is neither IPv4 nor IPv6";
	default:
		KUNIT_FAIL(test, "no decline %d", what);
		return "";
	}
	return "algorithm is not " SECNET_XFRM_ALG;
}

/* Declined, each for its own reason: the kernel keeps them in software. */
void secnet_xfrm_kunit_sa_check_declines(struct kunit *test)
{
	struct xfrm_algo_aead *aead;
	const char *reason, *want;
	struct xfrm_state *x;
	int what, err;

	for (what = 0; what < SA_DECLINES; what++) {
		x = secnet_xfrm_kunit_state(test, AF_INET6,
					    XFRM_DEV_OFFLOAD_OUT, 0x100, 256);
		aead = x->aead;
		want = sa_decline(test, x, what);
		reason = NULL;
		err = secnet_xfrm_sa_check(x, &reason);
		/* The state frees what it was made with. */
		x->aead = aead;
		KUNIT_ASSERT_EQ_MSG(test, err, -EOPNOTSUPP, "%s",
				    sa_decline_names[what]);
		KUNIT_ASSERT_NOT_NULL_MSG(test, reason, "%s",
					  sa_decline_names[what]);
		KUNIT_ASSERT_STREQ_MSG(test, reason, want, "%s",
				       sa_decline_names[what]);
	}
}
