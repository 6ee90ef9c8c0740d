// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table: offload handles, each device's limit, the inbound lookup,
 * the two steps of an SA's death (the kernel's delete, then its free),
 * flush, and fault injection.  The secnet_xfrm_sa suite; check.c and
 * transform.c hold more of its cases.
 */

#include <linux/rcupdate.h>

#include "secnet_xfrm_kunit.h"

/* The live inbound SA for SPI @spi to documentation address @host. */
static struct secnet_xfrm_sa *lookup(struct secnet_xfrm_dev *sdev,
				     unsigned short family, u8 host, u32 spi)
{
	struct secnet_xfrm_sa *sa;
	xfrm_address_t daddr;

	secnet_xfrm_kunit_daddr(&daddr, family, host);
	rcu_read_lock();
	sa = secnet_xfrm_sa_lookup_rx(sdev, family, &daddr, htonl(spi));
	rcu_read_unlock();
	return sa;
}

/* SAs on the device's list, dead or alive. */
static unsigned int listed(struct secnet_xfrm_dev *sdev)
{
	struct secnet_xfrm_sa *sa;
	unsigned int n = 0;

	xa_lock_bh(&secnet_xfrm_sas);
	list_for_each_entry(sa, &sdev->sas, dev_node)
		n++;
	xa_unlock_bh(&secnet_xfrm_sas);
	return n;
}

static void sa_add_find(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	struct xfrm_state *in, *out;
	struct secnet_xfrm_sa *sa;

	in = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				     0x100, 128);
	out = secnet_xfrm_kunit_state(test, AF_INET6, XFRM_DEV_OFFLOAD_OUT,
				      0x200, 256);
	out->props.flags |= XFRM_STATE_ESN;

	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, in, 2), 0);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, out, 2), 0);
	KUNIT_ASSERT_NE(test, in->xso.offload_handle, 0);
	KUNIT_ASSERT_NE(test, out->xso.offload_handle, 0);
	KUNIT_ASSERT_NE(test, in->xso.offload_handle, out->xso.offload_handle);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 2);
	KUNIT_ASSERT_EQ(test, listed(sdev), 2);

	sa = secnet_xfrm_sa_find(in);
	KUNIT_ASSERT_NOT_NULL(test, sa);
	KUNIT_ASSERT_PTR_EQ(test, sa->x, in);
	KUNIT_ASSERT_PTR_EQ(test, sa->sdev, sdev);
	KUNIT_ASSERT_EQ(test, sa->id, in->xso.offload_handle);
	KUNIT_ASSERT_EQ(test, sa->dir, XFRM_DEV_OFFLOAD_IN);
	KUNIT_ASSERT_FALSE(test, sa->dead);
	KUNIT_ASSERT_FALSE(test, sa->crypto.esn);
	KUNIT_ASSERT_NOT_NULL(test, sa->crypto.aead.tfm);
	/* No seqiv transform on the state: IV = sequence number. */
	KUNIT_ASSERT_TRUE(test, !memchr_inv(sa->crypto.iv_salt, 0,
					    SECNET_XFRM_IV_LEN));

	sa = secnet_xfrm_sa_find(out);
	KUNIT_ASSERT_NOT_NULL(test, sa);
	KUNIT_ASSERT_PTR_EQ(test, sa->x, out);
	KUNIT_ASSERT_EQ(test, sa->dir, XFRM_DEV_OFFLOAD_OUT);
	KUNIT_ASSERT_TRUE(test, sa->crypto.esn);
}

/*
 * Many inbound SAs, more than the hash has buckets: unique handles, and each
 * found by its state and by its SPI and address.
 */
static void sa_many(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	const unsigned int n = SECNET_XFRM_RX_BUCKETS + 44;
	struct secnet_xfrm_sa *sa, *found;
	unsigned short family;
	struct xfrm_state **x;
	unsigned int i, j;
	int err;

	x = kunit_kcalloc(test, n, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	for (i = 0; i < n; i++) {
		family = i % 2 ? AF_INET6 : AF_INET;
		x[i] = secnet_xfrm_kunit_state(test, family,
					       XFRM_DEV_OFFLOAD_IN,
					       0x1000 + i, 128);
		secnet_xfrm_kunit_daddr(&x[i]->id.daddr, family, i % 7 + 1);
		err = secnet_xfrm_sa_add(sdev, x[i], SECNET_XFRM_KUNIT_MAX_SAS);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "SA %u", i);
		KUNIT_ASSERT_NE_MSG(test, x[i]->xso.offload_handle, 0,
				    "SA %u", i);
	}
	KUNIT_ASSERT_EQ(test, sdev->n_sas, n);

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			KUNIT_ASSERT_NE_MSG(test, x[j]->xso.offload_handle,
					    x[i]->xso.offload_handle,
					    "SAs %u and %u", j, i);
		sa = secnet_xfrm_sa_find(x[i]);
		KUNIT_ASSERT_NOT_NULL_MSG(test, sa, "SA %u", i);
		KUNIT_ASSERT_PTR_EQ_MSG(test, sa->x, x[i], "SA %u", i);
		found = lookup(sdev, x[i]->props.family, i % 7 + 1, 0x1000 + i);
		KUNIT_ASSERT_PTR_EQ_MSG(test, found, sa, "SA %u", i);
	}
}

/* A full device refuses without counting; so does an add that fails. */
static void sa_limit(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	struct secnet_xfrm_dev *other = secnet_xfrm_kunit_dev(test);
	struct xfrm_state *x[4], *bad;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(x); i++)
		x[i] = secnet_xfrm_kunit_state(test, AF_INET,
					       i % 2 ? XFRM_DEV_OFFLOAD_OUT :
						       XFRM_DEV_OFFLOAD_IN,
					       0x100 + i, 128);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, x[i], 3), 0);

	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, x[3], 3), -ENOSPC);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 3);
	KUNIT_ASSERT_EQ(test, listed(sdev), 3);
	KUNIT_ASSERT_EQ(test, x[3]->xso.offload_handle, 0);
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x[3]));

	/* The limit is the live SAs': a deleted one makes room. */
	secnet_xfrm_sa_delete(x[0]);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 2);

	/* An add failing after it took the room gives it back. */
	bad = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				      0x200, 128);
	bad->aead->alg_key_len = 19 * 8;
	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, bad, 3), -EINVAL);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 2);
	KUNIT_ASSERT_EQ(test, listed(sdev), 3);
	KUNIT_ASSERT_EQ(test, bad->xso.offload_handle, 0);
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET, 1, 0x200));

	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, x[3], 3), 0);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 3);
	/* Freeing the deleted SA does not count it out twice. */
	secnet_xfrm_sa_free(x[0]);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 3);
	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(sdev, bad, 3), -ENOSPC);

	/* Each device has a table of its own. */
	bad->aead->alg_key_len = (16 + SECNET_XFRM_SALT_LEN) * 8;
	KUNIT_ASSERT_EQ(test, secnet_xfrm_sa_add(other, bad, 3), 0);
	KUNIT_ASSERT_EQ(test, other->n_sas, 1);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 3);
}

/* Inbound SAs by family, address and SPI, on their own device only. */
static void sa_lookup_rx(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	struct secnet_xfrm_dev *other = secnet_xfrm_kunit_dev(test);
	struct xfrm_state *in4, *in4b, *in6, *out4;
	struct secnet_xfrm_sa *sa4, *sa4b, *sa6;
	xfrm_address_t v4;

	in4 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				      0x100, 128);
	in4b = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				       0x100, 128);
	secnet_xfrm_kunit_daddr(&in4b->id.daddr, AF_INET, 2);
	in6 = secnet_xfrm_kunit_state(test, AF_INET6, XFRM_DEV_OFFLOAD_IN,
				      0x100, 256);
	out4 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_OUT,
				       0x200, 128);
	sa4 = secnet_xfrm_kunit_sa_add(test, sdev, in4);
	sa4b = secnet_xfrm_kunit_sa_add(test, sdev, in4b);
	sa6 = secnet_xfrm_kunit_sa_add(test, sdev, in6);
	secnet_xfrm_kunit_sa_add(test, sdev, out4);

	KUNIT_ASSERT_PTR_EQ(test, lookup(sdev, AF_INET, 1, 0x100), sa4);
	KUNIT_ASSERT_PTR_EQ(test, lookup(sdev, AF_INET, 2, 0x100), sa4b);
	KUNIT_ASSERT_PTR_EQ(test, lookup(sdev, AF_INET6, 1, 0x100), sa6);
	/* Outbound SAs are not for received packets. */
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET, 1, 0x200));
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET, 1, 0x101));
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET, 3, 0x100));
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET6, 2, 0x100));
	/* The IPv4 address read as IPv6 is another address. */
	v4 = in4->id.daddr;
	rcu_read_lock();
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_lookup_rx(sdev, AF_INET6, &v4,
							 htonl(0x100)));
	rcu_read_unlock();
	KUNIT_ASSERT_NULL(test, lookup(other, AF_INET, 1, 0x100));
}

/*
 * Delete takes an SA off the receive path and out of the count, but
 * transmit still finds it for packets that hold the state; free ends it.
 */
static void sa_delete_free(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	struct secnet_xfrm_sa *sa_in, *sa_out;
	struct xfrm_state *in, *out, *x;

	in = secnet_xfrm_kunit_state(test, AF_INET6, XFRM_DEV_OFFLOAD_IN,
				     0x500, 128);
	out = secnet_xfrm_kunit_state(test, AF_INET6, XFRM_DEV_OFFLOAD_OUT,
				      0x500, 128);
	sa_in = secnet_xfrm_kunit_sa_add(test, sdev, in);
	sa_out = secnet_xfrm_kunit_sa_add(test, sdev, out);
	KUNIT_ASSERT_PTR_EQ(test, lookup(sdev, AF_INET6, 1, 0x500), sa_in);

	secnet_xfrm_sa_delete(in);
	secnet_xfrm_sa_delete(out);
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET6, 1, 0x500));
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 0);
	KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(in), sa_in);
	KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(out), sa_out);
	KUNIT_ASSERT_TRUE(test, sa_in->dead);
	KUNIT_ASSERT_TRUE(test, sa_out->dead);
	KUNIT_ASSERT_EQ(test, listed(sdev), 2);

	/* A second delete counts nothing. */
	secnet_xfrm_sa_delete(in);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 0);

	secnet_xfrm_sa_free(in);
	secnet_xfrm_sa_free(out);
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(in));
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(out));
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 0);
	KUNIT_ASSERT_EQ(test, listed(sdev), 0);
	secnet_xfrm_sa_free(in);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 0);

	/* Free without delete does both. */
	x = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				    0x600, 128);
	secnet_xfrm_kunit_sa_add(test, sdev, x);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 1);
	secnet_xfrm_sa_free(x);
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x));
	KUNIT_ASSERT_NULL(test, lookup(sdev, AF_INET, 1, 0x600));
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 0);
	KUNIT_ASSERT_EQ(test, listed(sdev), 0);
}

/* A handle that names another state's SA (or none) finds nothing. */
static void sa_stale_handle(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	struct xfrm_state *x1, *x2, *x3, *x4;
	struct secnet_xfrm_sa *sa1, *sa4;

	x1 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				     0x600, 128);
	x2 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_IN,
				     0x601, 128);
	sa1 = secnet_xfrm_kunit_sa_add(test, sdev, x1);
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x2));

	x2->xso.offload_handle = x1->xso.offload_handle;
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x2));
	/* Nor may the kernel's delete and free of x2 touch x1's SA. */
	secnet_xfrm_sa_delete(x2);
	KUNIT_ASSERT_FALSE(test, sa1->dead);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 1);
	KUNIT_ASSERT_PTR_EQ(test, lookup(sdev, AF_INET, 1, 0x600), sa1);
	secnet_xfrm_sa_free(x2);
	KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(x1), sa1);
	KUNIT_ASSERT_EQ(test, listed(sdev), 1);

	if (IS_ENABLED(CONFIG_64BIT)) {
		x2->xso.offload_handle = x1->xso.offload_handle |
					 (unsigned long)BIT_ULL(32);
		KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x2));
	}

	/* An id freed and given again names the new SA only. */
	x3 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_OUT,
				     0x602, 128);
	x4 = secnet_xfrm_kunit_state(test, AF_INET, XFRM_DEV_OFFLOAD_OUT,
				     0x603, 128);
	secnet_xfrm_kunit_sa_add(test, sdev, x3);
	secnet_xfrm_sa_free(x3);
	sa4 = secnet_xfrm_kunit_sa_add(test, sdev, x4);
	KUNIT_ASSERT_NULL(test, secnet_xfrm_sa_find(x3));
	KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(x4), sa4);
	secnet_xfrm_sa_free(x3);
	KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(x4), sa4);
	KUNIT_ASSERT_EQ(test, sdev->n_sas, 2);
}

/* Flush ends one device's SAs, dead or alive, and no other's. */
static void sa_flush(struct kunit *test)
{
	static const unsigned short families[] = { AF_INET, AF_INET6 };
	struct secnet_xfrm_dev *a = secnet_xfrm_kunit_dev(test);
	struct secnet_xfrm_dev *b = secnet_xfrm_kunit_dev(test);
	struct xfrm_state *xa[4], *xb[2];
	struct secnet_xfrm_sa *sb[2];
	unsigned int i;
	u8 dir;

	for (i = 0; i < ARRAY_SIZE(xa); i++) {
		dir = i < 2 ? XFRM_DEV_OFFLOAD_IN : XFRM_DEV_OFFLOAD_OUT;
		xa[i] = secnet_xfrm_kunit_state(test, families[i % 2], dir,
						0x700, 128);
		secnet_xfrm_kunit_sa_add(test, a, xa[i]);
	}
	/* The same SPI and address on b, as the other end of a pair has. */
	for (i = 0; i < ARRAY_SIZE(xb); i++) {
		dir = i ? XFRM_DEV_OFFLOAD_OUT : XFRM_DEV_OFFLOAD_IN;
		xb[i] = secnet_xfrm_kunit_state(test, AF_INET, dir, 0x700, 128);
		sb[i] = secnet_xfrm_kunit_sa_add(test, b, xb[i]);
	}
	secnet_xfrm_sa_delete(xa[0]);

	secnet_xfrm_sa_flush(a);
	KUNIT_ASSERT_EQ(test, a->n_sas, 0);
	KUNIT_ASSERT_EQ(test, listed(a), 0);
	for (i = 0; i < ARRAY_SIZE(xa); i++)
		KUNIT_ASSERT_NULL_MSG(test, secnet_xfrm_sa_find(xa[i]),
				      "SA %u", i);
	KUNIT_ASSERT_NULL(test, lookup(a, AF_INET, 1, 0x700));
	KUNIT_ASSERT_NULL(test, lookup(a, AF_INET6, 1, 0x700));

	/* What the kernel does with a's states later does not reach b. */
	for (i = 0; i < ARRAY_SIZE(xa); i++) {
		secnet_xfrm_sa_delete(xa[i]);
		secnet_xfrm_sa_free(xa[i]);
	}
	KUNIT_ASSERT_EQ(test, b->n_sas, 2);
	KUNIT_ASSERT_EQ(test, listed(b), 2);
	for (i = 0; i < ARRAY_SIZE(xb); i++)
		KUNIT_ASSERT_PTR_EQ(test, secnet_xfrm_sa_find(xb[i]), sb[i]);
	KUNIT_ASSERT_PTR_EQ(test, lookup(b, AF_INET, 1, 0x700), sb[0]);
}

/* A fault set to N is taken exactly N times, each counted, then no more. */
static void sa_fault_take(struct kunit *test)
{
	struct secnet_xfrm_dev *sdev = secnet_xfrm_kunit_dev(test);
	u64 ctrs[SECNET_XFRM_DEV_CTRS];
	unsigned int f, i, taken = 0;
	bool took;

	for (f = 0; f < SECNET_XFRM_FAULTS; f++)
		KUNIT_ASSERT_FALSE_MSG(test, secnet_xfrm_fault_take(sdev, f),
				       "fault %u", f);

	for (f = 0; f < SECNET_XFRM_FAULTS; f++)
		atomic_set(&sdev->faults[f], f + 1);
	for (f = 0; f < SECNET_XFRM_FAULTS; f++) {
		for (i = 0; i < f + 3; i++) {
			took = secnet_xfrm_fault_take(sdev, f);
			KUNIT_ASSERT_EQ_MSG(test, took, i <= f,
					    "fault %u, take %u", f, i);
			KUNIT_ASSERT_EQ_MSG(test, atomic_read(&sdev->faults[f]),
					    i < f ? f - i : 0,
					    "fault %u, take %u", f, i);
		}
		taken += f + 1;
	}

	secnet_ctrs_sum(sdev->ctrs, SECNET_XFRM_DEV_CTRS, ctrs);
	KUNIT_ASSERT_EQ(test, ctrs[SECNET_XFRM_FAULTS_INJECTED], taken);
	for (i = 0; i < SECNET_XFRM_DEV_CTRS; i++)
		if (i != SECNET_XFRM_FAULTS_INJECTED)
			KUNIT_ASSERT_EQ_MSG(test, ctrs[i], 0, "counter %u", i);
}

static struct kunit_case sa_cases[] = {
	/* In check.c: which states the engine takes. */
	{ .run_case = secnet_xfrm_kunit_sa_check_accepts,
	  .name = "sa_check_accepts" },
	{ .run_case = secnet_xfrm_kunit_sa_check_declines,
	  .name = "sa_check_declines" },
	KUNIT_CASE(sa_add_find),
	/* In transform.c: the transform the SA gets from the state. */
	{ .run_case = secnet_xfrm_kunit_sa_add_key, .name = "sa_add_key" },
	{ .run_case = secnet_xfrm_kunit_sa_add_seqiv_salt,
	  .name = "sa_add_seqiv_salt" },
	KUNIT_CASE(sa_many),
	KUNIT_CASE(sa_limit),
	KUNIT_CASE(sa_lookup_rx),
	KUNIT_CASE(sa_delete_free),
	KUNIT_CASE(sa_stale_handle),
	KUNIT_CASE(sa_flush),
	KUNIT_CASE(sa_fault_take),
	{}
};

static struct kunit_suite sa_suite = {
	.name = "secnet_xfrm_sa",
	.test_cases = sa_cases,
};

kunit_test_suite(sa_suite);
