// SPDX-License-Identifier: GPL-2.0
/*
 * The frame work of an emulated MACsec engine (IEEE 802.1AE): the SecTAG it
 * inserts and checks and the GCM-AES transform of the Secure Data, made to
 * give the same bytes as the kernel's software SecY (drivers/net/macsec.c)
 * so that the two interoperate.
 */

#include <linux/etherdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <kunit/visibility.h>

#include "secnet_macsec.h"

const char *const secnet_macsec_secy_ctr_names[] = {
	[SECNET_MACSEC_OUT_PKTS_UNTAGGED]	= "OutPktsUntagged",
	[SECNET_MACSEC_IN_PKTS_UNTAGGED]	= "InPktsUntagged",
	[SECNET_MACSEC_OUT_PKTS_TOO_LONG]	= "OutPktsTooLong",
	[SECNET_MACSEC_IN_PKTS_NO_TAG]		= "InPktsNoTag",
	[SECNET_MACSEC_IN_PKTS_BAD_TAG]		= "InPktsBadTag",
	[SECNET_MACSEC_IN_PKTS_UNKNOWN_SCI]	= "InPktsUnknownSCI",
	[SECNET_MACSEC_IN_PKTS_NO_SCI]		= "InPktsNoSCI",
	[SECNET_MACSEC_IN_PKTS_OVERRUN]		= "InPktsOverrun",
	[SECNET_MACSEC_OUT_PKTS_PROTECTED]	= "OutPktsProtected",
	[SECNET_MACSEC_OUT_PKTS_ENCRYPTED]	= "OutPktsEncrypted",
	[SECNET_MACSEC_OUT_OCTETS_PROTECTED]	= "OutOctetsProtected",
	[SECNET_MACSEC_OUT_OCTETS_ENCRYPTED]	= "OutOctetsEncrypted",
};
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_secy_ctr_names);

static_assert(ARRAY_SIZE(secnet_macsec_secy_ctr_names) ==
	      SECNET_MACSEC_SECY_CTRS);

const char *const secnet_macsec_txsa_ctr_names[] = {
	[SECNET_MACSEC_TXSA_PROTECTED]	= "OutPktsProtected",
	[SECNET_MACSEC_TXSA_ENCRYPTED]	= "OutPktsEncrypted",
};
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_txsa_ctr_names);

static_assert(ARRAY_SIZE(secnet_macsec_txsa_ctr_names) ==
	      SECNET_MACSEC_TXSA_CTRS);

const char *const secnet_macsec_rxsc_ctr_names[] = {
	[SECNET_MACSEC_IN_OCTETS_VALIDATED]	= "InOctetsValidated",
	[SECNET_MACSEC_IN_OCTETS_DECRYPTED]	= "InOctetsDecrypted",
	[SECNET_MACSEC_IN_PKTS_UNCHECKED]	= "InPktsUnchecked",
	[SECNET_MACSEC_IN_PKTS_DELAYED]		= "InPktsDelayed",
	[SECNET_MACSEC_IN_PKTS_OK]		= "InPktsOK",
	[SECNET_MACSEC_IN_PKTS_INVALID]		= "InPktsInvalid",
	[SECNET_MACSEC_IN_PKTS_LATE]		= "InPktsLate",
	[SECNET_MACSEC_IN_PKTS_NOT_VALID]	= "InPktsNotValid",
	[SECNET_MACSEC_IN_PKTS_NOT_USING_SA]	= "InPktsNotUsingSA",
	[SECNET_MACSEC_IN_PKTS_UNUSED_SA]	= "InPktsUnusedSA",
};
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_rxsc_ctr_names);

static_assert(ARRAY_SIZE(secnet_macsec_rxsc_ctr_names) ==
	      SECNET_MACSEC_RXSC_CTRS);

const char *const secnet_macsec_rxsa_ctr_names[] = {
	[SECNET_MACSEC_RXSA_OK]			= "InPktsOK",
	[SECNET_MACSEC_RXSA_INVALID]		= "InPktsInvalid",
	[SECNET_MACSEC_RXSA_NOT_VALID]		= "InPktsNotValid",
	[SECNET_MACSEC_RXSA_NOT_USING_SA]	= "InPktsNotUsingSA",
	[SECNET_MACSEC_RXSA_UNUSED_SA]		= "InPktsUnusedSA",
};
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_rxsa_ctr_names);

static_assert(ARRAY_SIZE(secnet_macsec_rxsa_ctr_names) ==
	      SECNET_MACSEC_RXSA_CTRS);

/* Where the SecTAG's fields sit, from the EtherType 0x88E5 on. */
#define SECTAG_TCI	2
#define SECTAG_SL	3
#define SECTAG_PN	4
#define SECTAG_SCI	8
/* SL is 6 bits; the top two are reserved and must be 0. */
#define SECTAG_SL_MASK	0x3f

int secnet_macsec_crypto_init(struct secnet_macsec_crypto *c, const u8 *key,
			      unsigned int key_len, unsigned int icv_len,
			      bool xpn, ssci_t ssci, const salt_t *salt)
{
	int err;

	if (icv_len != MACSEC_STD_ICV_LEN ||
	    (key_len != AES_KEYSIZE_128 && key_len != AES_KEYSIZE_256) ||
	    (xpn && !salt))
		return -EINVAL;

	c->icv_len = icv_len;
	c->xpn = xpn;
	/* The 32-bit suites build their IV from the SCI alone. */
	if (xpn) {
		c->ssci = ssci;
		c->salt = *salt;
	} else {
		c->ssci = 0;
		memset(&c->salt, 0, sizeof(c->salt));
	}
	err = secnet_aead_init(&c->aead, "gcm(aes)", key, key_len, icv_len);
	if (err) {
		memzero_explicit(&c->ssci, sizeof(c->ssci));
		memzero_explicit(&c->salt, sizeof(c->salt));
	}
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_crypto_init);

void secnet_macsec_crypto_destroy(struct secnet_macsec_crypto *c)
{
	secnet_aead_destroy(&c->aead);
	memzero_explicit(&c->ssci, sizeof(c->ssci));
	memzero_explicit(&c->salt, sizeof(c->salt));
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_crypto_destroy);

void secnet_macsec_iv(const struct secnet_macsec_crypto *c, sci_t sci, u64 pn,
		      u8 iv[SECNET_MACSEC_IV_LEN])
{
	if (c->xpn) {
		/* SSCI ‖ be64(PN), then the whole of it XORed with the salt. */
		memcpy(iv, &c->ssci, sizeof(c->ssci));
		put_unaligned_be64(pn, iv + sizeof(c->ssci));
		crypto_xor(iv, c->salt.bytes, SECNET_MACSEC_IV_LEN);
	} else {
		memcpy(iv, &sci, sizeof(sci));
		put_unaligned_be32(lower_32_bits(pn), iv + sizeof(sci));
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_iv);

u8 secnet_macsec_tci(bool encrypt, unsigned int icv_len, bool sci_present,
		     bool end_station, bool scb, u8 an)
{
	u8 tci = an & SECNET_MACSEC_AN_MASK;

	if (sci_present) {
		tci |= SECNET_MACSEC_TCI_SC;
	} else {
		if (end_station)
			tci |= SECNET_MACSEC_TCI_ES;
		if (scb)
			tci |= SECNET_MACSEC_TCI_SCB;
	}
	/* GCM: E and C together; C alone says the ICV is not the default. */
	if (encrypt)
		tci |= SECNET_MACSEC_TCI_E | SECNET_MACSEC_TCI_C;
	else if (icv_len != MACSEC_STD_ICV_LEN)
		tci |= SECNET_MACSEC_TCI_C;
	return tci;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_tci);

/* What the frame gains after the MACs: EtherType 0x88E5 and the SecTAG. */
static unsigned int secnet_macsec_extra_len(bool sci_present)
{
	return secnet_macsec_hdr_len(sci_present) - 2 * ETH_ALEN;
}

struct sk_buff *secnet_macsec_push_tag(struct sk_buff *skb, u8 tci, u64 pn,
				       sci_t sci, unsigned int icv_len)
{
	bool sci_present = tci & SECNET_MACSEC_TCI_SC;
	unsigned int extra = secnet_macsec_extra_len(sci_present);
	unsigned int data_len;
	u8 *h;

	/*
	 * A nonlinear frame has no tailroom, so it is copied linear here, as
	 * one short of room; skb_put() below needs a linear frame.
	 */
	if (skb_headroom(skb) < extra || skb_tailroom(skb) < icv_len) {
		struct sk_buff *nskb = skb_copy_expand(skb, extra, icv_len,
						       GFP_ATOMIC);

		if (!nskb) {
			kfree_skb(skb);
			return NULL;
		}
		consume_skb(skb);
		skb = nskb;
	} else {
		skb = skb_unshare(skb, GFP_ATOMIC);
		if (!skb)
			return NULL;
	}

	/* The Secure Data: the original EtherType and the payload. */
	data_len = skb->len - 2 * ETH_ALEN;
	h = skb_push(skb, extra);
	memmove(h, h + extra, 2 * ETH_ALEN);
	skb_reset_mac_header(skb);

	h += 2 * ETH_ALEN;
	put_unaligned_be16(ETH_P_MACSEC, h);
	h[SECTAG_TCI] = tci;
	h[SECTAG_SL] = data_len < SECNET_MACSEC_SHORT_LEN ? data_len : 0;
	put_unaligned_be32(lower_32_bits(pn), h + SECTAG_PN);
	if (sci_present)
		memcpy(h + SECTAG_SCI, &sci, sizeof(sci));

	/* The ICV's room; seal writes it. */
	skb_put_zero(skb, icv_len);
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_push_tag);

/*
 * Runs the AEAD over the frame in place.  Confidentiality (TCI.E): the
 * headers up to the SecTAG's end are the AAD and the Secure Data is
 * encrypted; integrity only: everything before the ICV is the AAD.
 */
static int secnet_macsec_crypt(const struct secnet_macsec_crypto *c,
			       struct sk_buff *skb,
			       const u8 iv[SECNET_MACSEC_IV_LEN], bool encrypt)
{
	unsigned int hdr_len, assoc_len, crypt_len;
	struct aead_request *req;
	struct scatterlist *sg;
	struct sk_buff *trailer;
	void *extra;
	int nsg, err;
	u8 *req_iv;
	u8 tci;

	if (!pskb_may_pull(skb, secnet_macsec_hdr_len(false)))
		return -EINVAL;
	/* Writable in place, the pages pulled into the head. */
	nsg = skb_cow_data(skb, 0, &trailer);
	if (nsg < 0)
		return nsg;
	tci = skb->data[ETH_HLEN];
	hdr_len = secnet_macsec_hdr_len(tci & SECNET_MACSEC_TCI_SC);
	if (skb->len < hdr_len + c->icv_len)
		return -EINVAL;

	if (tci & SECNET_MACSEC_TCI_E) {
		assoc_len = hdr_len;
		crypt_len = skb->len - hdr_len - c->icv_len;
	} else {
		assoc_len = skb->len - c->icv_len;
		crypt_len = 0;
	}
	/* Decryption counts the ICV in. */
	if (!encrypt)
		crypt_len += c->icv_len;

	req = secnet_aead_request(&c->aead, nsg * sizeof(*sg) +
				  SECNET_MACSEC_IV_LEN, &extra, GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	sg = extra;
	/* The AEAD may write over its IV; the caller's stays intact. */
	req_iv = (u8 *)(sg + nsg);
	memcpy(req_iv, iv, SECNET_MACSEC_IV_LEN);

	sg_init_table(sg, nsg);
	err = skb_to_sgvec(skb, sg, 0, skb->len);
	if (err < 0)
		goto out;
	aead_request_set_crypt(req, sg, sg, crypt_len, req_iv);
	aead_request_set_ad(req, assoc_len);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
out:
	kfree_sensitive(req);
	return err;
}

int secnet_macsec_seal(const struct secnet_macsec_crypto *c,
		       struct sk_buff *skb, const u8 iv[SECNET_MACSEC_IV_LEN])
{
	return secnet_macsec_crypt(c, skb, iv, true);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_seal);

int secnet_macsec_open(const struct secnet_macsec_crypto *c,
		       struct sk_buff *skb, const u8 iv[SECNET_MACSEC_IV_LEN])
{
	return secnet_macsec_crypt(c, skb, iv, false);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_open);

void secnet_macsec_pull_tag(struct sk_buff *skb, unsigned int icv_len)
{
	unsigned int extra =
		secnet_macsec_extra_len(skb->data[ETH_HLEN] & SECNET_MACSEC_TCI_SC);

	/* The checksum the lower device gave covered the ciphertext. */
	skb->ip_summed = CHECKSUM_NONE;
	memmove(skb->data + extra, skb->data, 2 * ETH_ALEN);
	skb_pull(skb, extra);
	skb_reset_mac_header(skb);
	pskb_trim_unique(skb, skb->len - icv_len);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_pull_tag);

bool secnet_macsec_tag_valid(const struct sk_buff *skb,
			     unsigned int icv_len, bool xpn)
{
	const u8 *h = skb->data + 2 * ETH_ALEN;
	unsigned int len, extra;
	u8 tci, sl;

	/*
	 * a) at least 17 octets: implied by the SecTAG's fixed part, which
	 * must be there to read
	 */
	if (skb_headlen(skb) < secnet_macsec_hdr_len(false))
		return false;
	tci = h[SECTAG_TCI];
	sl = h[SECTAG_SL];
	/* From the EtherType 0x88E5 on. */
	len = skb->len - 2 * ETH_ALEN;
	extra = secnet_macsec_extra_len(tci & SECNET_MACSEC_TCI_SC) + icv_len;

	/* c) V is 0 */
	if (tci & SECNET_MACSEC_TCI_V)
		return false;
	/* d) ES or SCB only without the SCI */
	if ((tci & (SECNET_MACSEC_TCI_ES | SECNET_MACSEC_TCI_SCB)) &&
	    (tci & SECNET_MACSEC_TCI_SC))
		return false;
	/* e) SL's top two bits are 0 */
	if (sl & ~SECTAG_SL_MASK)
		return false;
	/* PN 0 is never sent, but is an XPN PN's low half like any other. */
	if (!get_unaligned_be32(h + SECTAG_PN) && !xpn)
		return false;
	/* f) to i): SL exact if set, else a Secure Data not short */
	if (sl)
		return len == extra + sl;
	return len >= extra + SECNET_MACSEC_SHORT_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_macsec_tag_valid);
