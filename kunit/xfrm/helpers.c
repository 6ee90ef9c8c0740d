// SPDX-License-Identifier: GPL-2.0
/*
 * Test-managed fakes for the secnet_xfrm suites: transforms, engines on a
 * net_device that is never registered, and xfrm states as the kernel hands
 * them to the device.  Each is undone when the test case ends.
 */

#include <kunit/resource.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "secnet_xfrm_kunit.h"

/* Room for the longest key the suites use: AES-256 and the salt. */
#define SECNET_XFRM_KUNIT_KEY_MAX	36

/* Index of the first byte where @got and @want differ, or -1. */
int secnet_xfrm_kunit_diff(const void *got, const void *want,
			   unsigned int len)
{
	const u8 *a = got, *b = want;
	unsigned int i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return i;
	return -1;
}

static int secnet_xfrm_kunit_zalloc(struct kunit_resource *res, void *size)
{
	res->data = kzalloc(*(size_t *)size, GFP_KERNEL);
	return res->data ? 0 : -ENOMEM;
}

static void secnet_xfrm_kunit_crypto_free(struct kunit_resource *res)
{
	struct secnet_xfrm_crypto *c = res->data;

	if (c->aead.tfm)
		secnet_xfrm_crypto_destroy(c);
	kfree(c);
}

/* A transform keyed with @key (AES key and salt). */
struct secnet_xfrm_crypto *secnet_xfrm_kunit_crypto(struct kunit *test,
						    const u8 *key,
						    unsigned int key_len,
						    bool esn)
{
	size_t size = sizeof(struct secnet_xfrm_crypto);
	struct secnet_xfrm_crypto *c;

	c = kunit_alloc_resource(test, secnet_xfrm_kunit_zalloc,
				 secnet_xfrm_kunit_crypto_free, GFP_KERNEL,
				 &size);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_crypto_init(c, key, key_len, esn), 0);
	return c;
}

/* As secnet_xfrm_dev_init() sets an engine up, on a device of its own. */
static int secnet_xfrm_kunit_dev_init(struct kunit_resource *res,
				      void *context)
{
	struct secnet_xfrm_dev *sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);

	if (!sdev)
		return -ENOMEM;
	/* Unregistered, in init_net: all secnet_xfrm_sa_free() asks of it. */
	sdev->dev = alloc_etherdev(0);
	sdev->ctrs = secnet_ctrs_alloc(SECNET_XFRM_DEV_CTRS, GFP_KERNEL);
	if (!sdev->dev || !sdev->ctrs) {
		free_percpu(sdev->ctrs);
		if (sdev->dev)
			free_netdev(sdev->dev);
		kfree(sdev);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&sdev->sas);
	res->data = sdev;
	return 0;
}

/* As secnet_xfrm_dev_uninit() takes it down. */
static void secnet_xfrm_kunit_dev_free(struct kunit_resource *res)
{
	struct secnet_xfrm_dev *sdev = res->data;

	secnet_xfrm_sa_flush(sdev);
	free_percpu(sdev->ctrs);
	free_netdev(sdev->dev);
	kfree(sdev);
}

struct secnet_xfrm_dev *secnet_xfrm_kunit_dev(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev;

	sdev = kunit_alloc_resource(test, secnet_xfrm_kunit_dev_init,
				    secnet_xfrm_kunit_dev_free, GFP_KERNEL,
				    NULL);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	return sdev;
}

/* A documentation address (192.0.2.@host or 2001:db8::@host). */
void secnet_xfrm_kunit_daddr(xfrm_address_t *a, unsigned short family,
			     u8 host)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET)
		a->a4 = htonl(0xc0000200 | host);
	else
		ipv6_addr_set(&a->in6, htonl(0x20010db8), 0, 0, htonl(host));
}

static int secnet_xfrm_kunit_state_init(struct kunit_resource *res,
					void *context)
{
	struct xfrm_state *x = kzalloc(sizeof(*x), GFP_KERNEL);

	if (!x)
		return -ENOMEM;
	x->aead = kzalloc(struct_size(x->aead, alg_key,
				      SECNET_XFRM_KUNIT_KEY_MAX), GFP_KERNEL);
	if (!x->aead) {
		kfree(x);
		return -ENOMEM;
	}
	res->data = x;
	return 0;
}

/* As the kernel does: the device lets go of the state before it is freed. */
static void secnet_xfrm_kunit_state_free(struct kunit_resource *res)
{
	struct xfrm_state *x = res->data;

	secnet_xfrm_sa_free(x);
	if (x->data)
		crypto_free_aead(x->data);
	kfree(x->aead);
	kfree(x);
}

/*
 * An ESP transport mode state of @family for SPI @spi to the address of host
 * 1, with an rfc4106(gcm(aes)) key of @key_bits (salt excluded) and a 128-bit
 * ICV, offloaded in direction @dir.  Cases change what they test.  Its
 * @data, if a case sets it, is an AEAD freed with the state.
 */
struct xfrm_state *secnet_xfrm_kunit_state(struct kunit *test,
					   unsigned short family, u8 dir,
					   u32 spi, unsigned int key_bits)
{
	unsigned int key_len = key_bits / 8 + SECNET_XFRM_SALT_LEN;
	struct xfrm_state *x;
	unsigned int i;

	KUNIT_ASSERT_LE(test, key_len, SECNET_XFRM_KUNIT_KEY_MAX);
	x = kunit_alloc_resource(test, secnet_xfrm_kunit_state_init,
				 secnet_xfrm_kunit_state_free, GFP_KERNEL,
				 NULL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	x->id.proto = IPPROTO_ESP;
	x->id.spi = htonl(spi);
	secnet_xfrm_kunit_daddr(&x->id.daddr, family, 1);
	secnet_xfrm_kunit_daddr(&x->props.saddr, family, 2);
	x->props.family = family;
	x->props.mode = XFRM_MODE_TRANSPORT;
	strscpy(x->aead->alg_name, SECNET_XFRM_ALG,
		sizeof(x->aead->alg_name));
	x->aead->alg_key_len = key_len * 8;
	x->aead->alg_icv_len = SECNET_XFRM_ICV_LEN * 8;
	for (i = 0; i < key_len; i++)
		x->aead->alg_key[i] = i + 1;
	x->xso.dir = dir;
	return x;
}

/* Offloads @x to @sdev; the SA it gets, asserted to be found by @x. */
struct secnet_xfrm_sa *secnet_xfrm_kunit_sa_add(struct kunit *test,
						struct secnet_xfrm_dev *sdev,
						struct xfrm_state *x)
{
	struct secnet_xfrm_sa *sa;
	int err;

	err = secnet_xfrm_sa_add(sdev, x, SECNET_XFRM_KUNIT_MAX_SAS);
	KUNIT_ASSERT_EQ(test, err, 0);
	sa = secnet_xfrm_sa_find(x);
	KUNIT_ASSERT_NOT_NULL(test, sa);
	return sa;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for secnet_xfrm.ko");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
