// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nf's counters: their pages go back once their ids are freed, so
 * that a flushed ruleset leaves no memory behind, and a page stays while
 * one id on it is handed out.  What packets add to a counter is checked
 * through the classifier (classify.c), which counts with the real path.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "secnet_nf.h"

/* Three pages' worth and one: more than the free room of the pages held. */
#define CTRS	(3 * SECNET_NF_CTR_PER_PAGE + 1)

static u32 *ctrs_alloc(struct kunit *test)
{
	u32 *ids = kunit_kcalloc(test, CTRS, sizeof(*ids), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ids);
	for (i = 0; i < CTRS; i++) {
		ids[i] = secnet_nf_ctr_alloc();
		KUNIT_ASSERT_NE(test, ids[i], 0);
	}
	return ids;
}

static void ctrs_free(u32 *ids)
{
	unsigned int i;

	for (i = 0; i < CTRS; i++)
		secnet_nf_ctr_free(ids[i]);
}

static void expect_zero(struct kunit *test, u32 id)
{
	u64 packets, bytes;

	secnet_nf_ctr_read(id, &packets, &bytes);
	KUNIT_EXPECT_EQ_MSG(test, packets, 0, "id %u", id);
	KUNIT_EXPECT_EQ_MSG(test, bytes, 0, "id %u", id);
}

/* Freed, the pages go; allocated again, the ids come on new pages. */
static void counter_pages_return(struct kunit *test)
{
	unsigned int before = secnet_nf_ctr_pages(), i;
	u32 *ids = ctrs_alloc(test);

	KUNIT_EXPECT_GT(test, secnet_nf_ctr_pages(), before);
	ctrs_free(ids);
	KUNIT_EXPECT_EQ(test, secnet_nf_ctr_pages(), before);

	ids = ctrs_alloc(test);
	KUNIT_EXPECT_GT(test, secnet_nf_ctr_pages(), before);
	for (i = 0; i < CTRS; i++)
		expect_zero(test, ids[i]);
	ctrs_free(ids);
	KUNIT_EXPECT_EQ(test, secnet_nf_ctr_pages(), before);
}

/* A page stays, readable (KASAN would say), while one of its ids is out. */
static void counter_page_kept(struct kunit *test)
{
	unsigned int before = secnet_nf_ctr_pages();
	u32 *ids = ctrs_alloc(test), last = ids[CTRS - 1];

	ids[CTRS - 1] = 0;
	ctrs_free(ids);
	KUNIT_EXPECT_GT(test, secnet_nf_ctr_pages(), before);
	expect_zero(test, last);
	secnet_nf_ctr_free(last);
	KUNIT_EXPECT_EQ(test, secnet_nf_ctr_pages(), before);
}

static struct kunit_case secnet_nf_counter_cases[] = {
	KUNIT_CASE(counter_pages_return),
	KUNIT_CASE(counter_page_kept),
	{}
};

static struct kunit_suite secnet_nf_counter_suite = {
	.name = "secnet_nf_counter",
	.test_cases = secnet_nf_counter_cases,
};

kunit_test_suite(secnet_nf_counter_suite);
