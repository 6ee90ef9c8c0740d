/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the secnet_xfrm KUnit suites: published ESP vectors laid
 * out as packets, and test-managed transforms, engines and xfrm states that
 * undo themselves when the test case ends, even if it failed halfway.
 *
 * The cases assert rather than expect, stopping at their first failure:
 * KUnit 6.1 keeps 512 bytes of a case's log, its result line included, and
 * a cascade of failures would push the result out.
 */
#ifndef _SECNET_XFRM_KUNIT_H
#define _SECNET_XFRM_KUNIT_H

#include <kunit/test.h>

#include "secnet_xfrm.h"

/* The module's default limit on a device's SAs. */
#define SECNET_XFRM_KUNIT_MAX_SAS	1024

/* An ESP packet is the header, the IV, the payload and the ICV. */
#define SECNET_XFRM_KUNIT_OVERHEAD \
	(SECNET_XFRM_HDR_LEN + SECNET_XFRM_ICV_LEN)

/**
 * struct secnet_xfrm_kunit_vec - a published RFC 4106 known answer
 * @name: short, for failure messages
 * @key: AES key, then the 4-byte salt
 * @key_len: bytes of @key
 * @aad: SPI and sequence number: 8 bytes, or with ESN 12 (SPI, high and low
 *	halves), as RFC 4106 section 5 builds it
 * @aad_len: 8 or 12
 * @iv: the 8-byte explicit IV
 * @ptext: the payload, ESP trailer included
 * @len: bytes of @ptext
 * @ctext: ciphertext, then the 16-byte ICV
 */
struct secnet_xfrm_kunit_vec {
	const char *name;
	const char *key;
	unsigned int key_len;
	const char *aad;
	unsigned int aad_len;
	const char *iv;
	const char *ptext;
	unsigned int len;
	const char *ctext;
};

/*
 * The cases loop over the vectors themselves rather than being
 * parameterised: KUnit 6.1 keeps only the last parameter's log.
 */
const struct secnet_xfrm_kunit_vec *secnet_xfrm_kunit_vec(unsigned int i);
bool secnet_xfrm_kunit_vec_esn(const struct secnet_xfrm_kunit_vec *v);
u64 secnet_xfrm_kunit_vec_seq(const struct secnet_xfrm_kunit_vec *v);
u8 *secnet_xfrm_kunit_vec_packet(struct kunit *test,
				 const struct secnet_xfrm_kunit_vec *v,
				 bool sealed);
void secnet_xfrm_kunit_vec_salt(struct secnet_xfrm_crypto *c,
				const struct secnet_xfrm_kunit_vec *v);
void secnet_xfrm_kunit_vec_seal(struct kunit *test,
				const struct secnet_xfrm_crypto *c,
				const struct secnet_xfrm_kunit_vec *v);

int secnet_xfrm_kunit_diff(const void *got, const void *want,
			   unsigned int len);

/* @got holds @len bytes of @want; the failure shows the first that differs. */
#define SECNET_XFRM_KUNIT_ASSERT_BYTES(test, got, want, len, fmt, ...)	\
do {									\
	int first_diff = secnet_xfrm_kunit_diff(got, want, len);	\
									\
	KUNIT_ASSERT_EQ_MSG(test, first_diff, -1, fmt, ##__VA_ARGS__);	\
} while (0)

struct secnet_xfrm_crypto *secnet_xfrm_kunit_crypto(struct kunit *test,
						    const u8 *key,
						    unsigned int key_len,
						    bool esn);
struct secnet_xfrm_dev *secnet_xfrm_kunit_dev(struct kunit *test);
struct xfrm_state *secnet_xfrm_kunit_state(struct kunit *test,
					   unsigned short family, u8 dir,
					   u32 spi, unsigned int key_bits);
void secnet_xfrm_kunit_daddr(xfrm_address_t *a, unsigned short family,
			     u8 host);
struct secnet_xfrm_sa *secnet_xfrm_kunit_sa_add(struct kunit *test,
						struct secnet_xfrm_dev *sdev,
						struct xfrm_state *x);

/* Cases of the secnet_xfrm_sa suite kept apart by concern. */
void secnet_xfrm_kunit_sa_check_accepts(struct kunit *test);
void secnet_xfrm_kunit_sa_check_declines(struct kunit *test);
void secnet_xfrm_kunit_sa_add_key(struct kunit *test);
void secnet_xfrm_kunit_sa_add_seqiv_salt(struct kunit *test);

#endif /* _SECNET_XFRM_KUNIT_H */
