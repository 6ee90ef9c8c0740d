// SPDX-License-Identifier: GPL-2.0
/*
 * The receive engine of secnet_ktls.ko (ktls/rx.c) against known answers:
 * a stream of five TLS 1.2 AES-GCM records fed through
 * secnet_ktls_rx_receive() in segments cut in every awkward place, with
 * losses, retransmissions, resyncs and tampering.  Each case checks every
 * segment: marked decrypted only if it holds exactly the plaintext of the
 * stream, otherwise exactly the bytes sent.
 *
 * The cases assert rather than expect where going on makes no sense:
 * KUnit 6.1 keeps 512 bytes of a case's log.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <asm/unaligned.h>

#include "secnet_ktls.h"

/* Bytes before the TCP payload in the test's segments (IP and TCP). */
#define RXT_HDR		40
/* The stream's first sequence number: it wraps within the stream. */
#define RXT_SEQ0	0xffffff00U
#define RXT_SN0		0x0123456789abcdefULL
#define RXT_RECORDS	5
#define RXT_LEN		425
#define RXT_PLAIN	280
#define RXT_HELD	16

/*
 * The record stream, generated on the host with python3's `cryptography`
 * (AESGCM), independently of the kernel: record i (i = 0..4) has type
 * 0x17, number RXT_SN0 + i, explicit nonce be64((RXT_SN0 + i) ^
 * 0xa5a5a5a5a5a5a5a5), salt rxt_salt, and plaintext rxt_pt(i, n) of n = 40,
 * 77, 0, 130 and 33 bytes.  Records start at 0, 69, 175, 204 and 363.
 */
static const unsigned int rxt_plain_len[RXT_RECORDS] = { 40, 77, 0, 130, 33 };
static const unsigned int rxt_start[RXT_RECORDS + 1] = {
	0, 69, 175, 204, 363, RXT_LEN,
};

static const u8 rxt_key_128[] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const u8 rxt_key_256[] = {
	0xf0, 0xef, 0xee, 0xed, 0xec, 0xeb, 0xea, 0xe9,
	0xe8, 0xe7, 0xe6, 0xe5, 0xe4, 0xe3, 0xe2, 0xe1,
	0xe0, 0xdf, 0xde, 0xdd, 0xdc, 0xdb, 0xda, 0xd9,
	0xd8, 0xd7, 0xd6, 0xd5, 0xd4, 0xd3, 0xd2, 0xd1,
};

static const u8 rxt_salt[] = {
	0xa1, 0xb2, 0xc3, 0xd4,
};

static const u8 rxt_wire_128[] = {
	0x17, 0x03, 0x03, 0x00, 0x40, 0xa4, 0x86, 0xe0,
	0xc2, 0x2c, 0x0e, 0x68, 0x4a, 0x7c, 0xc6, 0xdf,
	0x2a, 0xe1, 0x32, 0xeb, 0xaf, 0xed, 0xc4, 0x2d,
	0x88, 0x0c, 0x7c, 0x59, 0x76, 0xb8, 0xc3, 0x8b,
	0xe9, 0xde, 0xf1, 0x63, 0x3b, 0xfd, 0x5b, 0x95,
	0x24, 0x10, 0x61, 0xe5, 0x83, 0xa2, 0xa7, 0x98,
	0x10, 0x09, 0x34, 0x26, 0xd4, 0x0a, 0xf4, 0x50,
	0x33, 0xa3, 0x98, 0x4d, 0x97, 0xa5, 0x9a, 0xda,
	0x58, 0xdc, 0x83, 0xfb, 0x19, 0x17, 0x03, 0x03,
	0x00, 0x65, 0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e,
	0x68, 0x55, 0x3d, 0x80, 0xd1, 0x3d, 0x62, 0xb0,
	0x21, 0x04, 0xb6, 0x0e, 0x94, 0xa7, 0x34, 0x3a,
	0x2b, 0xc9, 0x12, 0xa8, 0x9b, 0x3f, 0x68, 0xc0,
	0x7b, 0xda, 0xae, 0x6f, 0xbf, 0xbf, 0x09, 0x27,
	0x0d, 0xf0, 0x5b, 0x35, 0xe9, 0x24, 0x64, 0xa3,
	0xa3, 0x97, 0x15, 0x25, 0x5a, 0x9f, 0xb3, 0x98,
	0x7b, 0x68, 0x9b, 0x55, 0x17, 0xbe, 0x4f, 0x88,
	0xfc, 0x7a, 0x32, 0xcc, 0xa0, 0x03, 0x72, 0x2e,
	0xe8, 0x4a, 0x53, 0x22, 0x2e, 0xfd, 0x31, 0x38,
	0xb0, 0x2f, 0xad, 0x92, 0x70, 0xef, 0x83, 0x70,
	0x53, 0xde, 0x5c, 0x22, 0xba, 0xa0, 0x18, 0x7f,
	0x75, 0x3d, 0xf5, 0x1a, 0x28, 0xdf, 0xb0, 0x17,
	0x03, 0x03, 0x00, 0x18, 0xa4, 0x86, 0xe0, 0xc2,
	0x2c, 0x0e, 0x68, 0x54, 0xa8, 0x6e, 0xf8, 0x31,
	0x0a, 0x6a, 0xf7, 0x88, 0x7d, 0x84, 0x4b, 0xbd,
	0x34, 0xd6, 0xea, 0x57, 0x17, 0x03, 0x03, 0x00,
	0x9a, 0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e, 0x68,
	0x57, 0x14, 0x52, 0xe8, 0xa9, 0x2f, 0x6e, 0x8b,
	0xb0, 0x5c, 0x47, 0x56, 0x64, 0x7d, 0xd4, 0x36,
	0xcc, 0x83, 0x04, 0x55, 0xd0, 0x45, 0x76, 0x43,
	0x7b, 0x5d, 0xbb, 0x3c, 0x93, 0xba, 0xe0, 0xf5,
	0xb2, 0xa9, 0x24, 0x98, 0x54, 0xa3, 0x64, 0xa7,
	0x50, 0xe1, 0x4d, 0xd7, 0x58, 0x2e, 0x59, 0xb1,
	0xfa, 0x82, 0xa0, 0x18, 0x15, 0x1b, 0xb4, 0xd5,
	0xad, 0xac, 0x29, 0x98, 0xc3, 0x44, 0xcf, 0x3d,
	0x68, 0xee, 0xea, 0x43, 0xa3, 0x00, 0xf8, 0x57,
	0x56, 0x50, 0x92, 0x85, 0x91, 0x5b, 0x6e, 0xaf,
	0xcc, 0x29, 0x70, 0x12, 0x7f, 0x41, 0x0c, 0x99,
	0x67, 0x12, 0xe1, 0xea, 0x68, 0x3e, 0xbb, 0x3a,
	0x8d, 0x39, 0xd9, 0x1b, 0x25, 0xe3, 0x41, 0x7f,
	0x3a, 0xbc, 0xcc, 0xc8, 0x27, 0x78, 0xfd, 0x9f,
	0x0b, 0xa3, 0xe2, 0x10, 0x64, 0x05, 0x46, 0xd8,
	0xed, 0x99, 0x80, 0xe8, 0x73, 0xd6, 0x95, 0x15,
	0xd6, 0x12, 0x43, 0x34, 0x43, 0x5e, 0xe7, 0x23,
	0xf9, 0xe1, 0x36, 0x69, 0xaf, 0x5c, 0x6d, 0x0f,
	0x99, 0x59, 0xa8, 0x17, 0x03, 0x03, 0x00, 0x39,
	0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e, 0x68, 0x56,
	0x28, 0xe4, 0x3f, 0xe2, 0x47, 0x6c, 0xf1, 0xa1,
	0xde, 0xd7, 0x38, 0x29, 0x27, 0x15, 0x8f, 0x20,
	0xf0, 0xf8, 0x75, 0xa0, 0x6a, 0x23, 0x4a, 0xf3,
	0x21, 0x3f, 0xd1, 0xe3, 0x18, 0x2d, 0x05, 0xb1,
	0x79, 0x1d, 0x02, 0x46, 0xff, 0xd8, 0x8f, 0x45,
	0x8d, 0x51, 0xe6, 0x63, 0xa2, 0xb4, 0x28, 0x7f,
	0x57,
};

static const u8 rxt_wire_256[] = {
	0x17, 0x03, 0x03, 0x00, 0x40, 0xa4, 0x86, 0xe0,
	0xc2, 0x2c, 0x0e, 0x68, 0x4a, 0x68, 0x3e, 0x43,
	0xf9, 0xef, 0x71, 0xef, 0xd0, 0x40, 0xcf, 0x17,
	0x34, 0xf3, 0x17, 0x1c, 0x7e, 0xef, 0x7b, 0xc7,
	0x29, 0xb2, 0xd1, 0xfc, 0xd0, 0xa9, 0x30, 0x61,
	0x58, 0x0a, 0xdf, 0xc5, 0x46, 0x82, 0x59, 0xe2,
	0x71, 0xce, 0x27, 0x79, 0xe6, 0xb8, 0xf3, 0x81,
	0x66, 0x31, 0x11, 0x1f, 0xde, 0x4d, 0x8c, 0xe9,
	0x40, 0x3a, 0x30, 0xbb, 0x00, 0x17, 0x03, 0x03,
	0x00, 0x65, 0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e,
	0x68, 0x55, 0x1a, 0x8e, 0x5c, 0x00, 0x15, 0x7a,
	0xb0, 0x89, 0x30, 0x19, 0x71, 0xfa, 0xe2, 0x63,
	0x5d, 0x32, 0x42, 0x10, 0xd8, 0xc4, 0xc3, 0xf2,
	0xa7, 0x7f, 0x1b, 0xd0, 0x34, 0xe7, 0x93, 0x5e,
	0x7d, 0x3f, 0x86, 0x43, 0x2e, 0x34, 0xad, 0xd0,
	0x0e, 0xec, 0xc8, 0x42, 0x27, 0x66, 0xf0, 0x38,
	0xe6, 0xaf, 0x53, 0xb8, 0x09, 0x87, 0xa5, 0xf1,
	0x2b, 0x10, 0x01, 0x03, 0x37, 0x6e, 0x1d, 0x4d,
	0x58, 0x11, 0x02, 0xa9, 0x4d, 0xcb, 0x0c, 0xcf,
	0xe5, 0xec, 0x7e, 0xd5, 0x4a, 0xf8, 0x91, 0xa2,
	0xf9, 0xd2, 0xcf, 0x20, 0x1e, 0x9f, 0xb4, 0xe3,
	0x3b, 0x28, 0x5b, 0xee, 0x60, 0x76, 0xdd, 0x17,
	0x03, 0x03, 0x00, 0x18, 0xa4, 0x86, 0xe0, 0xc2,
	0x2c, 0x0e, 0x68, 0x54, 0x9d, 0xa7, 0xc7, 0x53,
	0x0a, 0xd2, 0x12, 0xe8, 0x08, 0x6b, 0xac, 0x22,
	0xb4, 0x86, 0xdf, 0x05, 0x17, 0x03, 0x03, 0x00,
	0x9a, 0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e, 0x68,
	0x57, 0x6e, 0x7f, 0xda, 0x60, 0x9a, 0x17, 0x94,
	0x36, 0x00, 0x07, 0xd4, 0x16, 0x9d, 0x39, 0x35,
	0xd2, 0x1f, 0x2a, 0x40, 0x7d, 0x62, 0xe5, 0x17,
	0xf1, 0x92, 0x7f, 0x44, 0x5c, 0x8d, 0x65, 0x31,
	0x32, 0x4c, 0x37, 0xc1, 0x30, 0x70, 0xa0, 0x91,
	0x94, 0x11, 0x4d, 0x1e, 0x5a, 0xf9, 0x2a, 0xf3,
	0xb4, 0xe5, 0x6d, 0x3a, 0x23, 0x68, 0x2c, 0x52,
	0x8b, 0xe4, 0xab, 0x0a, 0x61, 0x86, 0x5e, 0x3f,
	0x9c, 0x7f, 0xe5, 0x6d, 0x0e, 0x3a, 0x11, 0x2f,
	0xf2, 0x77, 0x62, 0xc7, 0x33, 0x8c, 0x27, 0x87,
	0xc0, 0xf4, 0x4c, 0x07, 0xa9, 0x42, 0x9b, 0x63,
	0x6c, 0xfa, 0xb2, 0x7c, 0xf0, 0xed, 0xa3, 0x83,
	0x68, 0x74, 0xf8, 0x02, 0x42, 0xc5, 0x68, 0x88,
	0xff, 0x8a, 0xc0, 0xe9, 0x22, 0xd4, 0x97, 0xf7,
	0x0b, 0x91, 0x97, 0x9d, 0x54, 0x0c, 0xe2, 0x85,
	0xfe, 0x90, 0x51, 0xa8, 0xf5, 0x9e, 0x57, 0xb0,
	0x4c, 0x4f, 0xdc, 0xd1, 0x06, 0x94, 0xbd, 0x52,
	0x9a, 0x11, 0x67, 0x66, 0x18, 0xb9, 0x4b, 0x94,
	0x51, 0xe2, 0xff, 0x17, 0x03, 0x03, 0x00, 0x39,
	0xa4, 0x86, 0xe0, 0xc2, 0x2c, 0x0e, 0x68, 0x56,
	0xf5, 0x27, 0xbf, 0x11, 0xc2, 0x2b, 0xaf, 0x47,
	0xa4, 0x9e, 0xe8, 0x39, 0xca, 0x27, 0x1e, 0xcf,
	0xcf, 0x82, 0x76, 0xa2, 0xa1, 0x20, 0x2e, 0x9d,
	0xad, 0xc1, 0x4b, 0x56, 0xfd, 0x79, 0x7c, 0x8e,
	0x69, 0x27, 0xc4, 0x77, 0x2a, 0xaf, 0x2f, 0xcf,
	0x9e, 0x11, 0x5c, 0xe1, 0x4c, 0x8e, 0xe5, 0x4e,
	0xb6,
};

static u8 rxt_pt(unsigned int rec, unsigned int i)
{
	return i * 31 + rec * 7 + 1;
}

struct rxt_vec {
	const char *name;
	const u8 *key;
	unsigned int key_len;
	const u8 *wire;
};

static const struct rxt_vec rxt_vecs[] = {
	{ "aes-gcm-128", rxt_key_128, sizeof(rxt_key_128), rxt_wire_128 },
	{ "aes-gcm-256", rxt_key_256, sizeof(rxt_key_256), rxt_wire_256 },
};

static void rxt_vec_desc(const struct rxt_vec *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rxt_vec, rxt_vecs, rxt_vec_desc);

/**
 * struct rxt - one case's connection and what it fed
 * @kd: the device state, with counters
 * @c: the RX connection, without a socket
 * @wire: the stream as sent (a case may tamper with it)
 * @plain: the stream as it must read once decrypted
 * @held: segments to free when the case ends
 * @sent: their originals, as the sender keeps them (NULL if @own)
 * @n_held: entries in @held and @sent
 * @own: segments are fed as the receiver's own, not clones: their page
 *	fragments stay, and the engine writes into them
 */
struct rxt {
	struct secnet_ktls_dev *kd;
	struct secnet_ktls_conn c;
	u8 wire[RXT_LEN];
	u8 plain[RXT_LEN];
	struct sk_buff *held[RXT_HELD];
	struct sk_buff *sent[RXT_HELD];
	unsigned int n_held;
	bool own;
};

static int rxt_init(struct kunit *test)
{
	const struct rxt_vec *v = test->param_value;
	struct rxt *t;
	unsigned int r, i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->kd = kunit_kzalloc(test, sizeof(*t->kd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->kd);
	t->kd->ctrs = secnet_ctrs_alloc(SECNET_KTLS_STATS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->kd->ctrs);
	test->priv = t;

	memcpy(t->wire, v->wire, RXT_LEN);
	memcpy(t->plain, v->wire, RXT_LEN);
	for (r = 0; r < RXT_RECORDS; r++)
		for (i = 0; i < rxt_plain_len[r]; i++)
			t->plain[rxt_start[r] + SECNET_KTLS_PREFIX_LEN + i] =
				rxt_pt(r, i);

	t->c.kd = t->kd;
	t->c.dir = TLS_OFFLOAD_CTX_DIR_RX;
	t->c.cipher = v->key_len == 16 ? TLS_CIPHER_AES_GCM_128 :
					 TLS_CIPHER_AES_GCM_256;
	spin_lock_init(&t->c.lock);
	memcpy(t->c.key.key, v->key, v->key_len);
	t->c.key.key_len = v->key_len;
	memcpy(t->c.key.salt, rxt_salt, sizeof(rxt_salt));
	KUNIT_ASSERT_EQ(test, 0, secnet_aead_init(&t->c.key.aead, "gcm(aes)",
						  v->key, v->key_len,
						  SECNET_KTLS_TAG_LEN));
	KUNIT_ASSERT_EQ(test, 0, secnet_ktls_rx_init(&t->c, RXT_SEQ0,
						     RXT_SN0, GFP_KERNEL));
	return 0;
}

static void rxt_exit(struct kunit *test)
{
	struct rxt *t = test->priv;
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->n_held; i++) {
		kfree_skb(t->held[i]);
		kfree_skb(t->sent[i]);
	}
	secnet_ktls_rx_free(&t->c);
	secnet_aead_destroy(&t->c.key.aead);
	free_percpu(t->kd->ctrs);
}

/*
 * Makes stream bytes [@from, @to) of @t->wire one segment: half its
 * payload in the head, the rest in a page fragment, and unless @t->own a
 * clone of what the sender keeps, as a pair device passes it.  Returns
 * the segment to feed, held as entry *@idx.
 */
static struct sk_buff *rxt_make(struct kunit *test, unsigned int from,
				unsigned int to, unsigned int *idx)
{
	struct rxt *t = test->priv;
	unsigned int n = to - from, lin = n / 2;
	struct sk_buff *skb, *clone;
	struct page *page;

	KUNIT_ASSERT_LT(test, t->n_held, RXT_HELD);
	skb = alloc_skb(RXT_HDR + lin, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	*idx = t->n_held;
	t->sent[t->n_held] = skb;
	t->held[t->n_held++] = NULL;
	skb_put_zero(skb, RXT_HDR);
	skb_put_data(skb, t->wire + from, lin);
	if (n > lin) {
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), t->wire + from + lin, n - lin);
		skb_add_rx_frag(skb, 0, page, 0, n - lin, PAGE_SIZE);
	}
	if (t->own) {
		clone = skb;
		t->sent[*idx] = NULL;
	} else {
		clone = skb_clone(skb, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, clone);
	}
	t->held[*idx] = clone;
	return clone;
}

/*
 * Feeds entry @idx, stream bytes from @from, with @next (stream bytes from
 * @next_from) as the segment queued after it, if not NULL.  Returns what
 * the engine returned.
 */
static struct sk_buff *rxt_give(struct kunit *test, unsigned int idx,
				unsigned int from, struct sk_buff *next,
				unsigned int next_from)
{
	struct secnet_ktls_rx_next nx = {
		.skb = next,
		.off = RXT_HDR,
		.len = next ? next->len - RXT_HDR : 0,
		.seq = RXT_SEQ0 + next_from,
	};
	struct rxt *t = test->priv;
	struct sk_buff *skb = t->held[idx];

	t->held[idx] = NULL;
	local_bh_disable();
	rcu_read_lock();
	skb = secnet_ktls_rx_receive(&t->c, skb, RXT_HDR, RXT_SEQ0 + from,
				     next ? &nx : NULL);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_ASSERT_NOT_NULL(test, skb);
	t->held[idx] = skb;
	return skb;
}

/* Feeds stream bytes [@from, @to) as one segment, as rxt_make() makes it. */
static struct sk_buff *rxt_feed(struct kunit *test, unsigned int from,
				unsigned int to)
{
	unsigned int idx;

	rxt_make(test, from, to, &idx);
	return rxt_give(test, idx, from, NULL, 0);
}

/*
 * @skb, holding stream bytes [@from, @to): marked decrypted and holding
 * the plaintext if @decrypted, else unmarked and holding what was sent;
 * and the sender's copy untouched either way.
 */
static void rxt_check_at(struct kunit *test, unsigned int idx,
			 struct sk_buff *skb, unsigned int from,
			 unsigned int to, bool decrypted)
{
	struct rxt *t = test->priv;
	const u8 *want = decrypted ? t->plain : t->wire;
	u8 got[RXT_LEN];

	KUNIT_ASSERT_EQ(test, skb->len, RXT_HDR + to - from);
	KUNIT_EXPECT_EQ_MSG(test, !!skb->decrypted, decrypted,
			    "segment [%u, %u)", from, to);
	KUNIT_ASSERT_EQ(test, 0, skb_copy_bits(skb, RXT_HDR, got, to - from));
	KUNIT_EXPECT_EQ_MSG(test, memcmp(got, want + from, to - from), 0,
			    "segment [%u, %u) reads %s", from, to,
			    decrypted ? "wrong plaintext" : "other than sent");
	if (!t->sent[idx])
		return;
	KUNIT_ASSERT_EQ(test, 0, skb_copy_bits(t->sent[idx], RXT_HDR,
					       got, to - from));
	KUNIT_EXPECT_EQ_MSG(test, memcmp(got, t->wire + from, to - from), 0,
			    "the sender's copy of [%u, %u) changed", from, to);
}

/* The same for the segment made last. */
static void rxt_check(struct kunit *test, struct sk_buff *skb,
		      unsigned int from, unsigned int to, bool decrypted)
{
	struct rxt *t = test->priv;

	rxt_check_at(test, t->n_held - 1, skb, from, to, decrypted);
}

static void rxt_seg(struct kunit *test, unsigned int from, unsigned int to,
		    bool decrypted)
{
	rxt_check(test, rxt_feed(test, from, to), from, to, decrypted);
}

static u64 rxt_ctr(struct kunit *test, enum secnet_ktls_stat s)
{
	struct rxt *t = test->priv;
	u64 v[SECNET_KTLS_STATS];

	secnet_ctrs_sum(t->kd->ctrs, SECNET_KTLS_STATS, v);
	return v[s];
}

/* Every record whole in its own segment: the AEAD's path. */
static void rxt_whole(struct kunit *test)
{
	struct rxt *t = test->priv;
	unsigned int r;

	for (r = 0; r < RXT_RECORDS; r++)
		rxt_seg(test, rxt_start[r], rxt_start[r + 1], true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_PACKETS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_BYTES), RXT_PLAIN);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_UNSYNCED), 0);
	KUNIT_EXPECT_TRUE(test, t->c.synced);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
	KUNIT_EXPECT_EQ(test, t->c.next_seq, RXT_SEQ0 + RXT_LEN);
	KUNIT_EXPECT_EQ(test, t->c.records, RXT_RECORDS);
}

/*
 * Records across 2, 3 and 4 segments, cut inside a header (2, 71), a nonce
 * (9, 80), a payload and a tag (60, 170), with whole records in between:
 * the byte-range path with its GHASH carried across segments, here in the
 * segments' own page fragments.
 */
static void rxt_split(struct kunit *test)
{
	static const unsigned int cut[] = {
		0, 2, 9, 60, 71, 80, 170, 300, 350, RXT_LEN,
	};
	struct rxt *t = test->priv;
	unsigned int i;

	t->own = true;
	for (i = 0; i + 1 < ARRAY_SIZE(cut); i++)
		rxt_seg(test, cut[i], cut[i + 1], true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_PACKETS),
			ARRAY_SIZE(cut) - 1);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_BYTES), RXT_PLAIN);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 0);
}

/*
 * Several records in one segment, then the rest: the AEAD over the
 * segments' own page fragments.
 */
static void rxt_multi(struct kunit *test)
{
	struct rxt *t = test->priv;

	t->own = true;
	rxt_seg(test, 0, 204, true);
	rxt_seg(test, 204, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_BYTES), RXT_PLAIN);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
}

/* A retransmission of what went by already passes as sent, in sync. */
static void rxt_retransmit(struct kunit *test)
{
	rxt_seg(test, 0, 100, true);
	rxt_seg(test, 100, 250, true);
	rxt_seg(test, 0, 100, false);
	rxt_seg(test, 100, 250, false);
	rxt_seg(test, 250, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_UNSYNCED), 0);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_REQ), 0);
}

/*
 * A loss: the engine passes what follows up encrypted, finds record 2's
 * header, asks for it, ignores a resync it did not ask for, and after the
 * right one decrypts again from record 4 (record 3's start went by
 * unsynced).  Record 4 verifies only with the right record number in its
 * AAD.
 */
static void rxt_gap_resync(struct kunit *test)
{
	struct rxt *t = test->priv;
	u8 sn[8];
	u32 seq;

	rxt_seg(test, 0, 69, true);
	/* [69, 79) is lost. */
	rxt_seg(test, 79, 207, false);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
	KUNIT_ASSERT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + rxt_start[2] + 4);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_REQ), 1);
	/* Its retransmission: old now. */
	rxt_seg(test, 69, 79, false);

	put_unaligned_be64(RXT_SN0 + 2, sn);
	secnet_ktls_rx_resync(&t->c, seq + 1, sn);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
	KUNIT_EXPECT_EQ(test, t->c.resyncs, 0);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_OK), 0);
	KUNIT_EXPECT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));

	secnet_ktls_rx_resync(&t->c, seq, sn);
	KUNIT_EXPECT_EQ(test, t->c.resyncs, 1);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_OK), 1);
	KUNIT_EXPECT_FALSE(test, secnet_ktls_rx_requested(&t->c, &seq));

	rxt_seg(test, 207, 363, false);
	KUNIT_EXPECT_TRUE(test, t->c.synced);
	rxt_seg(test, 363, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 2);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_UNSYNCED), 2);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 0);
}

/* Writes a record header of length field @len at stream offset @at. */
static void rxt_fake_header(struct rxt *t, unsigned int at, u16 len)
{
	t->wire[at] = 0x17;
	t->wire[at + 1] = 3;
	t->wire[at + 2] = 3;
	put_unaligned_be16(len, t->wire + at + 3);
}

/*
 * After a loss, something that looks like a header in the ciphertext
 * (at 90) whose successor, in the same segment, does not: the engine
 * passes it over and asks for record 2's header.
 */
static void rxt_false_header(struct kunit *test)
{
	struct rxt *t = test->priv;
	u32 seq;

	rxt_fake_header(t, 90, 32);
	rxt_seg(test, 0, 69, true);
	rxt_seg(test, 79, 207, false);
	KUNIT_ASSERT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + rxt_start[2] + 4);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_REQ), 1);
}

/*
 * A false header (at 100) whose successor lies beyond its segment: the
 * engine asks for it, follows it, finds no header where the next should
 * be (169, in record 1's tag), and asks for record 2's instead; the kernel
 * confirming the first request changes nothing.
 */
static void rxt_false_follow(struct kunit *test)
{
	struct rxt *t = test->priv;
	u8 sn[8];
	u32 seq;

	rxt_fake_header(t, 100, 64);
	rxt_seg(test, 0, 69, true);
	rxt_seg(test, 79, 120, false);
	KUNIT_ASSERT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + 100 + 4);
	rxt_seg(test, 120, 207, false);
	KUNIT_ASSERT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + rxt_start[2] + 4);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RESYNC_REQ), 2);

	put_unaligned_be64(RXT_SN0 + 1, sn);
	secnet_ktls_rx_resync(&t->c, RXT_SEQ0 + 100 + 4, sn);
	KUNIT_EXPECT_EQ(test, t->c.resyncs, 0);
	put_unaligned_be64(RXT_SN0 + 2, sn);
	secnet_ktls_rx_resync(&t->c, seq, sn);
	KUNIT_EXPECT_EQ(test, t->c.resyncs, 1);
	rxt_seg(test, 207, 363, false);
	rxt_seg(test, 363, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 0);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
}

/*
 * A record failing its tag, whole in a segment after a good one: neither
 * is marked and both read as sent.  The engine then looks for a header in
 * what follows.
 */
static void rxt_bad_whole(struct kunit *test, unsigned int at)
{
	struct rxt *t = test->priv;
	u32 seq;

	t->wire[at] ^= 0x01;
	rxt_seg(test, 0, 175, false);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 1);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 0);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_PACKETS), 0);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
	rxt_seg(test, 175, RXT_LEN, false);
	KUNIT_EXPECT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + rxt_start[2] + 4);
}

/*
 * A record failing its tag across segments: the segment with its start
 * went up decrypted (the record is then mixed, and the kernel checks it),
 * the one with its last byte stays as sent, with the good record before it
 * in that segment.
 */
static void rxt_bad_split(struct kunit *test, unsigned int cut,
			  unsigned int at)
{
	struct rxt *t = test->priv;

	t->wire[at] ^= 0x80;
	rxt_seg(test, 0, 69, true);
	rxt_seg(test, 69, cut, true);
	rxt_seg(test, cut, 204, false);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 1);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 1);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
}

static void rxt_tamper_payload(struct kunit *test)
{
	rxt_bad_whole(test, 100);
}

static void rxt_tamper_tag(struct kunit *test)
{
	rxt_bad_whole(test, 170);
}

/* In the segments' own fragments: what is put back is in them too. */
static void rxt_tamper_payload_split(struct kunit *test)
{
	struct rxt *t = test->priv;

	t->own = true;
	rxt_bad_split(test, 100, 120);
}

static void rxt_tamper_tag_split(struct kunit *test)
{
	rxt_bad_split(test, 165, 170);
}

/*
 * The DESYNC fault: the engine drops sync at a record start on purpose and
 * asks for that very header; once the kernel confirms it, it is in sync
 * again from the next record.
 */
static void rxt_fault_desync(struct kunit *test)
{
	struct rxt *t = test->priv;
	u8 sn[8];
	u32 seq;

	atomic_set(&t->kd->faults[SECNET_KTLS_FAULT_DESYNC], 1);
	rxt_seg(test, 0, 69, false);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_FAULTS), 1);
	KUNIT_ASSERT_TRUE(test, secnet_ktls_rx_requested(&t->c, &seq));
	KUNIT_EXPECT_EQ(test, seq, RXT_SEQ0 + 4);
	put_unaligned_be64(RXT_SN0, sn);
	secnet_ktls_rx_resync(&t->c, seq, sn);
	KUNIT_EXPECT_TRUE(test, t->c.synced);
	rxt_seg(test, 69, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 4);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
}

/*
 * The vector unit unusable for segment @seg of [0, 100) [100, 150)
 * [150, 190) [190, 300) [300, 425).  Record 1 [69, 175) starts its GHASH
 * in the first: if the vector unit is unusable there, it is hashed
 * generically and verified; if later, it is given up: the segment with its
 * last byte (and record 2's start) goes up as sent, with no failure and in
 * sync, and record 3 is verified again.
 */
static void rxt_nosimd(struct kunit *test, unsigned int seg)
{
	static const unsigned int cut[] = { 0, 100, 150, 190, 300, RXT_LEN };
	struct rxt *t = test->priv;
	bool given_up = seg > 0;
	unsigned int i;

	t->own = true;
	/* The vector unit's GHASH (or a stand-in) from record 1 on. */
	KUNIT_ASSERT_EQ(test, 0, secnet_ktls_rx_nosimd(&t->c, 0));
	for (i = 0; i + 1 < ARRAY_SIZE(cut); i++) {
		if (i == seg)
			KUNIT_ASSERT_EQ(test, 0,
					secnet_ktls_rx_nosimd(&t->c, 1));
		rxt_seg(test, cut[i], cut[i + 1], !given_up || i != 2);
	}
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 0);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS),
			given_up ? 3 : RXT_RECORDS);
	KUNIT_EXPECT_TRUE(test, t->c.synced);
	KUNIT_EXPECT_EQ(test, t->c.rcd_sn, RXT_SN0 + RXT_RECORDS);
}

static void rxt_nosimd_start(struct kunit *test)
{
	rxt_nosimd(test, 0);
}

static void rxt_nosimd_middle(struct kunit *test)
{
	rxt_nosimd(test, 1);
}

static void rxt_nosimd_end(struct kunit *test)
{
	rxt_nosimd(test, 2);
}

/*
 * Record 1 (69..175) runs from [0, 100) into [100, 250): feeds [0, 100)
 * with [100, 250) queued next and checks it reads @decrypted.  Returns
 * [100, 250), not fed yet, held as entry *@b.
 */
static struct sk_buff *rxt_ahead_first(struct kunit *test, bool decrypted,
				       unsigned int *b)
{
	unsigned int a;
	struct sk_buff *sa = rxt_make(test, 0, 100, &a);
	struct sk_buff *sb = rxt_make(test, 100, 250, b);

	sa = rxt_give(test, a, 0, sb, 100);
	rxt_check_at(test, a, sa, 0, 100, decrypted);
	return sb;
}

/*
 * Record 1 is checked whole with the AEAD as [0, 100) goes through, and
 * counted then; [100, 250) then only has its part decrypted.  Record 3
 * (204..363) has no next segment given and takes the GHASH path.
 */
static void rxt_ahead(struct kunit *test)
{
	struct sk_buff *sb;
	unsigned int b;

	rxt_ahead_first(test, true, &b);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 2);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AHEAD), 1);
	sb = rxt_give(test, b, 100, NULL, 0);
	rxt_check_at(test, b, sb, 100, 250, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 3);
	rxt_seg(test, 250, RXT_LEN, true);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_RECORDS), 5);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_BYTES), RXT_PLAIN);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_UNSYNCED), 0);
}

/*
 * Record 1 tampered in the part queued next: [0, 100) goes up unmarked
 * and as sent, and the queued segment is not written.
 */
static void rxt_ahead_tamper(struct kunit *test)
{
	struct rxt *t = test->priv;
	struct sk_buff *sb;
	unsigned int b;

	t->wire[120] ^= 0x01;
	rxt_ahead_first(test, false, &b);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AUTH_FAIL), 1);
	KUNIT_EXPECT_EQ(test, rxt_ctr(test, SECNET_KTLS_RX_AHEAD), 0);
	sb = rxt_give(test, b, 100, NULL, 0);
	rxt_check_at(test, b, sb, 100, 250, false);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
}

/*
 * Record 1 checked across the segment queued next, but another segment
 * with the same bytes' place comes instead: it was not checked, and goes
 * up encrypted.
 */
static void rxt_ahead_other(struct kunit *test)
{
	struct rxt *t = test->priv;
	unsigned int b;

	rxt_ahead_first(test, true, &b);
	rxt_seg(test, 100, 250, false);
	KUNIT_EXPECT_FALSE(test, t->c.synced);
}

static struct kunit_case rxt_cases[] = {
	KUNIT_CASE_PARAM(rxt_whole, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_split, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_multi, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_retransmit, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_gap_resync, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_false_header, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_false_follow, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_tamper_payload, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_tamper_tag, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_tamper_payload_split, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_tamper_tag_split, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_fault_desync, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_nosimd_start, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_nosimd_middle, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_nosimd_end, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_ahead, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_ahead_tamper, rxt_vec_gen_params),
	KUNIT_CASE_PARAM(rxt_ahead_other, rxt_vec_gen_params),
	{}
};

static struct kunit_suite rxt_suite = {
	.name = "secnet_ktls_rx",
	.init = rxt_init,
	.exit = rxt_exit,
	.test_cases = rxt_cases,
};

kunit_test_suite(rxt_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for secnet_ktls.ko");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
