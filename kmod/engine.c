// SPDX-License-Identifier: GPL-2.0
/*
 * What every emulated crypto engine of the secnet devices needs: per-CPU
 * counters summed on read, and an AEAD transform that finishes a packet
 * before it crosses the pair.
 */

#include <linux/percpu.h>
#include <asm/simd.h>
#include <crypto/aead.h>
#include <crypto/internal/simd.h>

#include "secnet.h"

struct secnet_ctrs __percpu *secnet_ctrs_alloc(unsigned int n, gfp_t gfp)
{
	struct secnet_ctrs __percpu *c;
	int cpu;

	c = __alloc_percpu_gfp(struct_size_t(struct secnet_ctrs, v, n),
			       __alignof__(struct secnet_ctrs), gfp);
	if (!c)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c, cpu)->syncp);
	return c;
}
EXPORT_SYMBOL_GPL(secnet_ctrs_alloc);

void secnet_ctrs_sum(struct secnet_ctrs __percpu *c, unsigned int n,
		     u64 *values)
{
	const struct secnet_ctrs *p;
	unsigned int start, i;
	int cpu;
	u64 v;

	memset(values, 0, n * sizeof(*values));
	for_each_possible_cpu(cpu) {
		p = per_cpu_ptr(c, cpu);
		for (i = 0; i < n; i++) {
			do {
				start = u64_stats_fetch_begin(&p->syncp);
				v = u64_stats_read(&p->v[i]);
			} while (u64_stats_fetch_retry(&p->syncp, start));
			values[i] += v;
		}
	}
}
EXPORT_SYMBOL_GPL(secnet_ctrs_sum);

static struct crypto_aead *secnet_aead_key(struct crypto_aead *tfm,
					   const u8 *key, unsigned int key_len,
					   unsigned int authsize)
{
	int err;

	if (IS_ERR(tfm))
		return tfm;
	err = crypto_aead_setkey(tfm, key, key_len) ?:
	      crypto_aead_setauthsize(tfm, authsize);
	if (err) {
		crypto_free_aead(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/*
 * The vector-unit implementations (AES-NI and the like) are registered twice:
 * as an internal synchronous algorithm, "__" before the driver name, that
 * needs the vector unit, and as a wrapper that runs it when it may and defers
 * to cryptd, asynchronously, when it may not.  A packet must be done before
 * it crosses the pair, so the engines call the internal one themselves, as
 * the wrapper would, where crypto_simd_usable(), and a synchronous one
 * elsewhere.
 */
bool secnet_simd_name(const struct crypto_alg *alg, char *name)
{
	return (alg->cra_flags & CRYPTO_ALG_ASYNC) &&
	       snprintf(name, CRYPTO_MAX_ALG_NAME, "__%s",
			alg->cra_driver_name) < CRYPTO_MAX_ALG_NAME;
}
EXPORT_SYMBOL_GPL(secnet_simd_name);

static struct crypto_aead *secnet_aead_simd(const char *alg, const u8 *key,
					    unsigned int key_len,
					    unsigned int authsize)
{
	char name[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *tfm;
	bool wrapped;

	tfm = crypto_alloc_aead(alg, 0, 0);
	if (IS_ERR(tfm))
		return NULL;
	wrapped = secnet_simd_name(&crypto_aead_alg(tfm)->base, name);
	crypto_free_aead(tfm);
	if (!wrapped)
		return NULL;
	tfm = crypto_alloc_aead(name, CRYPTO_ALG_INTERNAL,
				CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	tfm = secnet_aead_key(tfm, key, key_len, authsize);
	return IS_ERR(tfm) ? NULL : tfm;
}

int secnet_aead_init(struct secnet_aead *a, const char *alg, const u8 *key,
		     unsigned int key_len, unsigned int authsize)
{
	struct crypto_aead *tfm;

	a->simd_tfm = NULL;
	tfm = crypto_alloc_aead(alg, 0, CRYPTO_ALG_ASYNC);
	tfm = secnet_aead_key(tfm, key, key_len, authsize);
	if (IS_ERR(tfm)) {
		a->tfm = NULL;
		return PTR_ERR(tfm);
	}
	a->tfm = tfm;
	a->simd_tfm = secnet_aead_simd(alg, key, key_len, authsize);
	return 0;
}
EXPORT_SYMBOL_GPL(secnet_aead_init);

/* The tfms' contexts, holding the key schedule, are wiped as they are freed. */
void secnet_aead_destroy(struct secnet_aead *a)
{
	crypto_free_aead(a->simd_tfm);
	crypto_free_aead(a->tfm);
	a->simd_tfm = NULL;
	a->tfm = NULL;
}
EXPORT_SYMBOL_GPL(secnet_aead_destroy);

/* Room for a request on either implementation, the caller's bytes after. */
static unsigned int secnet_aead_reqsize(const struct secnet_aead *a)
{
	unsigned int n = crypto_aead_reqsize(a->tfm);

	if (a->simd_tfm)
		n = max(n, crypto_aead_reqsize(a->simd_tfm));
	return ALIGN(sizeof(struct aead_request) + n,
		     __alignof__(unsigned long));
}

void *secnet_aead_request_alloc(const struct secnet_aead *a,
				unsigned int extra, gfp_t gfp)
{
	return kmalloc(secnet_aead_reqsize(a) + extra, gfp);
}
EXPORT_SYMBOL_GPL(secnet_aead_request_alloc);

struct aead_request *secnet_aead_request_set(const struct secnet_aead *a,
					     void *mem, void **extrap)
{
	struct aead_request *req = mem;

	aead_request_set_tfm(req, a->simd_tfm && crypto_simd_usable() ?
				  a->simd_tfm : a->tfm);
	aead_request_set_callback(req, 0, NULL, NULL);
	*extrap = (u8 *)mem + secnet_aead_reqsize(a);
	return req;
}
EXPORT_SYMBOL_GPL(secnet_aead_request_set);

struct aead_request *secnet_aead_request(const struct secnet_aead *a,
					 unsigned int extra, void **extrap,
					 gfp_t gfp)
{
	void *mem = secnet_aead_request_alloc(a, extra, gfp);

	return mem ? secnet_aead_request_set(a, mem, extrap) : NULL;
}
EXPORT_SYMBOL_GPL(secnet_aead_request);
