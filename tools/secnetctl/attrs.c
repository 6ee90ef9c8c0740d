// SPDX-License-Identifier: GPL-2.0
/*
 * The attribute tree of <linux/secnet.h>.  Names are derived from the enum
 * identifiers by the A() macro, so they cannot drift from the header.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/secnet.h>

#include "attrs.h"

#define A(prefix, attr, t, n) \
	[prefix##attr] = { .name = #attr, .type = t, .nest = n }
#define SET(var, p, m, table) \
	const struct attr_set var = { .path = p, .max = m, .attrs = table }

static const struct attr_desc counter[SECNET_A_COUNTER_MAX + 1] = {
	A(SECNET_A_COUNTER_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_COUNTER_, NAME, ATTR_STRING, NULL),
	A(SECNET_A_COUNTER_, VALUE, ATTR_U64, NULL),
};
SET(attrs_counter, "SUBSYS.COUNTERS.ENTRY", SECNET_A_COUNTER_MAX, counter);

static const struct attr_desc counters[SECNET_A_COUNTERS_MAX + 1] = {
	A(SECNET_A_COUNTERS_, ENTRY, ATTR_NEST, &attrs_counter),
};
SET(attrs_counters, "SUBSYS.COUNTERS", SECNET_A_COUNTERS_MAX, counters);

static const struct attr_desc subsys[SECNET_A_SUBSYS_MAX + 1] = {
	A(SECNET_A_SUBSYS_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_SUBSYS_, NAME, ATTR_STRING, NULL),
	A(SECNET_A_SUBSYS_, VERSION, ATTR_STRING, NULL),
	A(SECNET_A_SUBSYS_, FEATURE, ATTR_U32, NULL),
	A(SECNET_A_SUBSYS_, STATE, ATTR_U8, NULL),
	A(SECNET_A_SUBSYS_, COUNTERS, ATTR_NEST, &attrs_counters),
	A(SECNET_A_SUBSYS_, EVENT, ATTR_U8, NULL),
};
SET(attrs_subsys, "SUBSYS", SECNET_A_SUBSYS_MAX, subsys);

static const struct attr_desc version[SECNET_A_VERSION_MAX + 1] = {
	A(SECNET_A_VERSION_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_VERSION_, MODULE, ATTR_STRING, NULL),
	A(SECNET_A_VERSION_, GENL, ATTR_U32, NULL),
	A(SECNET_A_VERSION_, KERNEL, ATTR_STRING, NULL),
	A(SECNET_A_VERSION_, FEATURES, ATTR_U64, NULL),
};
SET(attrs_version, "VERSION", SECNET_A_VERSION_MAX, version);

static const struct attr_desc xfrm_sa[SECNET_A_XFRM_SA_MAX + 1] = {
	A(SECNET_A_XFRM_SA_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_XFRM_SA_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_XFRM_SA_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_XFRM_SA_, DIR, ATTR_U8, NULL),
	A(SECNET_A_XFRM_SA_, FAMILY, ATTR_U16, NULL),
	A(SECNET_A_XFRM_SA_, SADDR, ATTR_BINARY, NULL),
	A(SECNET_A_XFRM_SA_, DADDR, ATTR_BINARY, NULL),
	A(SECNET_A_XFRM_SA_, SPI, ATTR_U32, NULL),
	A(SECNET_A_XFRM_SA_, MODE, ATTR_U8, NULL),
	A(SECNET_A_XFRM_SA_, ALG, ATTR_STRING, NULL),
	A(SECNET_A_XFRM_SA_, KEY_BITS, ATTR_U32, NULL),
	A(SECNET_A_XFRM_SA_, ICV_BITS, ATTR_U32, NULL),
	A(SECNET_A_XFRM_SA_, ESN, ATTR_FLAG, NULL),
	A(SECNET_A_XFRM_SA_, PACKETS, ATTR_U64, NULL),
	A(SECNET_A_XFRM_SA_, BYTES, ATTR_U64, NULL),
	A(SECNET_A_XFRM_SA_, AUTH_FAILS, ATTR_U64, NULL),
};
SET(attrs_xfrm_sa, "XFRM_SA", SECNET_A_XFRM_SA_MAX, xfrm_sa);

static const struct attr_desc xfrm_fault[SECNET_A_XFRM_FAULT_MAX + 1] = {
	A(SECNET_A_XFRM_FAULT_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_XFRM_FAULT_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_XFRM_FAULT_, REFUSE_ADD, ATTR_U32, NULL),
	A(SECNET_A_XFRM_FAULT_, CORRUPT_ICV, ATTR_U32, NULL),
	A(SECNET_A_XFRM_FAULT_, DROP_TX, ATTR_U32, NULL),
	A(SECNET_A_XFRM_FAULT_, DROP_RX, ATTR_U32, NULL),
};
SET(attrs_xfrm_fault, "XFRM_FAULT", SECNET_A_XFRM_FAULT_MAX, xfrm_fault);

static const struct attr_desc nf_limit[SECNET_A_NF_LIMIT_MAX + 1] = {
	A(SECNET_A_NF_LIMIT_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_NF_LIMIT_, RATE, ATTR_U64, NULL),
	A(SECNET_A_NF_LIMIT_, UNIT, ATTR_U8, NULL),
	A(SECNET_A_NF_LIMIT_, PERIOD, ATTR_U8, NULL),
	A(SECNET_A_NF_LIMIT_, BURST, ATTR_U64, NULL),
	A(SECNET_A_NF_LIMIT_, OVER, ATTR_FLAG, NULL),
	A(SECNET_A_NF_LIMIT_, PER_SRC, ATTR_FLAG, NULL),
	A(SECNET_A_NF_LIMIT_, V4_LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_LIMIT_, V6_LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_LIMIT_, MAX_SOURCES, ATTR_U32, NULL),
	A(SECNET_A_NF_LIMIT_, SOURCES, ATTR_U32, NULL),
	A(SECNET_A_NF_LIMIT_, DROPS, ATTR_U64, NULL),
	A(SECNET_A_NF_LIMIT_, SRC, ATTR_BINARY, NULL),
	A(SECNET_A_NF_LIMIT_, SRC_LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_LIMIT_, COUNT, ATTR_U32, NULL),
	A(SECNET_A_NF_LIMIT_, HITS, ATTR_U64, NULL),
};
SET(attrs_nf_limit, "NF_RULE.LIMIT", SECNET_A_NF_LIMIT_MAX, nf_limit);

static const struct attr_desc nf_rule[SECNET_A_NF_RULE_MAX + 1] = {
	A(SECNET_A_NF_RULE_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_NF_RULE_, HANDLE, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, HOOK, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, FAMILY, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, SRC, ATTR_BINARY, NULL),
	A(SECNET_A_NF_RULE_, SRC_LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, DST, ATTR_BINARY, NULL),
	A(SECNET_A_NF_RULE_, DST_LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, PROTO, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, SPORT_LO, ATTR_U16, NULL),
	A(SECNET_A_NF_RULE_, SPORT_HI, ATTR_U16, NULL),
	A(SECNET_A_NF_RULE_, DPORT_LO, ATTR_U16, NULL),
	A(SECNET_A_NF_RULE_, DPORT_HI, ATTR_U16, NULL),
	A(SECNET_A_NF_RULE_, TCP_FLAGS, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, TCP_FLAGS_MASK, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, ICMP_TYPE, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, ICMP_CODE, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, IIF, ATTR_STRING, NULL),
	A(SECNET_A_NF_RULE_, OIF, ATTR_STRING, NULL),
	A(SECNET_A_NF_RULE_, CT_STATE, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, ACTION, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, PACKETS, ATTR_U64, NULL),
	A(SECNET_A_NF_RULE_, BYTES, ATTR_U64, NULL),
	A(SECNET_A_NF_RULE_, LINE, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, BEFORE, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, AFTER, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, CT_LABEL, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, CT_MARK, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, CT_MARK_MASK, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, SET_LABEL, ATTR_U8, NULL),
	A(SECNET_A_NF_RULE_, SET_MARK, ATTR_U32, NULL),
	A(SECNET_A_NF_RULE_, LIMIT, ATTR_NEST, &attrs_nf_limit),
	A(SECNET_A_NF_RULE_, CT_COUNT, ATTR_NEST, &attrs_nf_limit),
	A(SECNET_A_NF_RULE_, SRC_SET, ATTR_STRING, NULL),
	A(SECNET_A_NF_RULE_, DST_SET, ATTR_STRING, NULL),
	A(SECNET_A_NF_RULE_, LOG, ATTR_FLAG, NULL),
};
SET(attrs_nf_rule, "NF_RULE", SECNET_A_NF_RULE_MAX, nf_rule);
/* The same members, named by where they are in a load. */
SET(attrs_nf_load_rule, "NF_LOAD.RULE", SECNET_A_NF_RULE_MAX, nf_rule);

static const struct attr_desc nf_hook[SECNET_A_NF_HOOK_MAX + 1] = {
	A(SECNET_A_NF_HOOK_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_NF_HOOK_, HOOK, ATTR_U8, NULL),
	A(SECNET_A_NF_HOOK_, POLICY, ATTR_U8, NULL),
	A(SECNET_A_NF_HOOK_, RULES, ATTR_U32, NULL),
	A(SECNET_A_NF_HOOK_, PACKETS, ATTR_U64, NULL),
	A(SECNET_A_NF_HOOK_, BYTES, ATTR_U64, NULL),
};
SET(attrs_nf_hook, "NF_HOOK", SECNET_A_NF_HOOK_MAX, nf_hook);
SET(attrs_nf_load_policy, "NF_LOAD.POLICY", SECNET_A_NF_HOOK_MAX, nf_hook);

static const struct attr_desc nf_load[SECNET_A_NF_LOAD_MAX + 1] = {
	A(SECNET_A_NF_LOAD_, FLAGS, ATTR_U32, NULL),
	A(SECNET_A_NF_LOAD_, RULE, ATTR_NEST, &attrs_nf_load_rule),
	A(SECNET_A_NF_LOAD_, POLICY, ATTR_NEST, &attrs_nf_load_policy),
	A(SECNET_A_NF_LOAD_, RULES, ATTR_U32, NULL),
};
SET(attrs_nf_load, "NF_LOAD", SECNET_A_NF_LOAD_MAX, nf_load);

#define NF_TUPLE(var, path) \
	static const struct attr_desc var##_members[SECNET_A_NF_TUPLE_MAX + 1] = { \
		A(SECNET_A_NF_TUPLE_, SRC, ATTR_BINARY, NULL), \
		A(SECNET_A_NF_TUPLE_, DST, ATTR_BINARY, NULL), \
		A(SECNET_A_NF_TUPLE_, SPORT, ATTR_U16, NULL), \
		A(SECNET_A_NF_TUPLE_, DPORT, ATTR_U16, NULL), \
		A(SECNET_A_NF_TUPLE_, SRC_LEN, ATTR_U8, NULL), \
		A(SECNET_A_NF_TUPLE_, DST_LEN, ATTR_U8, NULL), \
	}; \
	SET(var, path, SECNET_A_NF_TUPLE_MAX, var##_members)

NF_TUPLE(attrs_nf_flow_orig, "NF_FLOW.ORIG");
NF_TUPLE(attrs_nf_flow_reply, "NF_FLOW.REPLY");

static const struct attr_desc nf_flow[SECNET_A_NF_FLOW_MAX + 1] = {
	A(SECNET_A_NF_FLOW_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_NF_FLOW_, ID, ATTR_U32, NULL),
	A(SECNET_A_NF_FLOW_, FAMILY, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, PROTO, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, ORIG, ATTR_NEST, &attrs_nf_flow_orig),
	A(SECNET_A_NF_FLOW_, REPLY, ATTR_NEST, &attrs_nf_flow_reply),
	A(SECNET_A_NF_FLOW_, STATE, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, TCP_STATE, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, TIMEOUT, ATTR_U32, NULL),
	A(SECNET_A_NF_FLOW_, HOOK, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, RULE, ATTR_U32, NULL),
	A(SECNET_A_NF_FLOW_, VERDICT, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, MARK, ATTR_U32, NULL),
	A(SECNET_A_NF_FLOW_, LABELS, ATTR_BINARY, NULL),
	A(SECNET_A_NF_FLOW_, PACKETS_ORIG, ATTR_U64, NULL),
	A(SECNET_A_NF_FLOW_, BYTES_ORIG, ATTR_U64, NULL),
	A(SECNET_A_NF_FLOW_, PACKETS_REPLY, ATTR_U64, NULL),
	A(SECNET_A_NF_FLOW_, BYTES_REPLY, ATTR_U64, NULL),
	A(SECNET_A_NF_FLOW_, LABEL, ATTR_U8, NULL),
	A(SECNET_A_NF_FLOW_, COUNT, ATTR_U32, NULL),
};
SET(attrs_nf_flow, "NF_FLOW", SECNET_A_NF_FLOW_MAX, nf_flow);

static const struct attr_desc nf_event[SECNET_A_NF_EVENT_MAX + 1] = {
	A(SECNET_A_NF_EVENT_, TYPE, ATTR_U8, NULL),
	A(SECNET_A_NF_EVENT_, PORTID, ATTR_U32, NULL),
	A(SECNET_A_NF_EVENT_, PID, ATTR_U32, NULL),
	A(SECNET_A_NF_EVENT_, UID, ATTR_U32, NULL),
	A(SECNET_A_NF_EVENT_, COMM, ATTR_STRING, NULL),
};
SET(attrs_nf_event, "NF_EVENT", SECNET_A_NF_EVENT_MAX, nf_event);

static const struct attr_desc nf_elem[SECNET_A_NF_ELEM_MAX + 1] = {
	A(SECNET_A_NF_ELEM_, ADDR, ATTR_BINARY, NULL),
	A(SECNET_A_NF_ELEM_, LEN, ATTR_U8, NULL),
	A(SECNET_A_NF_ELEM_, PROTO, ATTR_U8, NULL),
	A(SECNET_A_NF_ELEM_, PORT, ATTR_U16, NULL),
};
static SET(attrs_nf_elem, "NF_SET.ELEM", SECNET_A_NF_ELEM_MAX, nf_elem);

static const struct attr_desc nf_set[SECNET_A_NF_SET_MAX + 1] = {
	A(SECNET_A_NF_SET_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_NF_SET_, NAME, ATTR_STRING, NULL),
	A(SECNET_A_NF_SET_, TYPE, ATTR_U8, NULL),
	A(SECNET_A_NF_SET_, COUNT, ATTR_U32, NULL),
	A(SECNET_A_NF_SET_, MEMORY, ATTR_U64, NULL),
	A(SECNET_A_NF_SET_, REFS, ATTR_U32, NULL),
	A(SECNET_A_NF_SET_, ELEMS, ATTR_FLAG, NULL),
	A(SECNET_A_NF_SET_, ELEM, ATTR_NEST, &attrs_nf_elem),
	A(SECNET_A_NF_SET_, OP, ATTR_U8, NULL),
	A(SECNET_A_NF_SET_, FLAGS, ATTR_U32, NULL),
};
SET(attrs_nf_set, "NF_SET", SECNET_A_NF_SET_MAX, nf_set);

/*
 * The counters of a MACsec object: the members of SUBSYS.COUNTERS, named
 * by where they are.
 */
#define COUNTERS(var, path) \
	static SET(var##_entry, path ".ENTRY", SECNET_A_COUNTER_MAX, counter); \
	static const struct attr_desc var##_members[SECNET_A_COUNTERS_MAX + 1] = { \
		A(SECNET_A_COUNTERS_, ENTRY, ATTR_NEST, &var##_entry), \
	}; \
	SET(var, path, SECNET_A_COUNTERS_MAX, var##_members)

COUNTERS(attrs_macsec_secy_counters, "MACSEC_SECY.COUNTERS");
COUNTERS(attrs_macsec_txsa_counters, "MACSEC_SECY.TXSA.COUNTERS");
COUNTERS(attrs_macsec_rxsc_counters, "MACSEC_SECY.RXSC.COUNTERS");
COUNTERS(attrs_macsec_rxsa_counters, "MACSEC_SECY.RXSC.RXSA.COUNTERS");

#define MACSEC_SA(var, path, ctrs) \
	static const struct attr_desc var##_members[SECNET_A_MACSEC_SA_MAX + 1] = { \
		A(SECNET_A_MACSEC_SA_, PAD, ATTR_PAD, NULL), \
		A(SECNET_A_MACSEC_SA_, AN, ATTR_U8, NULL), \
		A(SECNET_A_MACSEC_SA_, ACTIVE, ATTR_FLAG, NULL), \
		A(SECNET_A_MACSEC_SA_, NEXT_PN, ATTR_U64, NULL), \
		A(SECNET_A_MACSEC_SA_, SSCI, ATTR_U32, NULL), \
		A(SECNET_A_MACSEC_SA_, COUNTERS, ATTR_NEST, &(ctrs)), \
	}; \
	SET(var, path, SECNET_A_MACSEC_SA_MAX, var##_members)

MACSEC_SA(attrs_macsec_txsa, "MACSEC_SECY.TXSA", attrs_macsec_txsa_counters);
MACSEC_SA(attrs_macsec_rxsa, "MACSEC_SECY.RXSC.RXSA",
	  attrs_macsec_rxsa_counters);

static const struct attr_desc macsec_rxsc[SECNET_A_MACSEC_RXSC_MAX + 1] = {
	A(SECNET_A_MACSEC_RXSC_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_MACSEC_RXSC_, SCI, ATTR_U64, NULL),
	A(SECNET_A_MACSEC_RXSC_, ACTIVE, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_RXSC_, COUNTERS, ATTR_NEST,
	  &attrs_macsec_rxsc_counters),
	A(SECNET_A_MACSEC_RXSC_, RXSA, ATTR_NEST, &attrs_macsec_rxsa),
};
SET(attrs_macsec_rxsc, "MACSEC_SECY.RXSC", SECNET_A_MACSEC_RXSC_MAX,
	    macsec_rxsc);

static const struct attr_desc macsec_secy[SECNET_A_MACSEC_SECY_MAX + 1] = {
	A(SECNET_A_MACSEC_SECY_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_MACSEC_SECY_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_SECY_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_MACSEC_SECY_, MACSEC_IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_SECY_, MACSEC_IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_MACSEC_SECY_, SCI, ATTR_U64, NULL),
	A(SECNET_A_MACSEC_SECY_, CIPHER, ATTR_U8, NULL),
	A(SECNET_A_MACSEC_SECY_, ICV_LEN, ATTR_U8, NULL),
	A(SECNET_A_MACSEC_SECY_, ENCODING_SA, ATTR_U8, NULL),
	A(SECNET_A_MACSEC_SECY_, VALIDATE, ATTR_U8, NULL),
	A(SECNET_A_MACSEC_SECY_, REPLAY_WINDOW, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_SECY_, ENCRYPT, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, SEND_SCI, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, END_STATION, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, SCB, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, PROTECT, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, REPLAY_PROTECT, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, OPERATIONAL, ATTR_FLAG, NULL),
	A(SECNET_A_MACSEC_SECY_, COUNTERS, ATTR_NEST,
	  &attrs_macsec_secy_counters),
	A(SECNET_A_MACSEC_SECY_, TXSA, ATTR_NEST, &attrs_macsec_txsa),
	A(SECNET_A_MACSEC_SECY_, RXSC, ATTR_NEST, &attrs_macsec_rxsc),
};
SET(attrs_macsec_secy, "MACSEC_SECY", SECNET_A_MACSEC_SECY_MAX, macsec_secy);

static const struct attr_desc macsec_fault[SECNET_A_MACSEC_FAULT_MAX + 1] = {
	A(SECNET_A_MACSEC_FAULT_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_FAULT_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_MACSEC_FAULT_, REFUSE_ADD, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_FAULT_, CORRUPT_ICV, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_FAULT_, PN_LEFT, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_FAULT_, MACSEC_IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_MACSEC_FAULT_, AN, ATTR_U8, NULL),
};
SET(attrs_macsec_fault, "MACSEC_FAULT", SECNET_A_MACSEC_FAULT_MAX,
	    macsec_fault);

static const struct attr_desc ktls_conn[SECNET_A_KTLS_CONN_MAX + 1] = {
	A(SECNET_A_KTLS_CONN_, PAD, ATTR_PAD, NULL),
	A(SECNET_A_KTLS_CONN_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_KTLS_CONN_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_KTLS_CONN_, DIR, ATTR_U8, NULL),
	A(SECNET_A_KTLS_CONN_, FAMILY, ATTR_U16, NULL),
	A(SECNET_A_KTLS_CONN_, SADDR, ATTR_BINARY, NULL),
	A(SECNET_A_KTLS_CONN_, DADDR, ATTR_BINARY, NULL),
	A(SECNET_A_KTLS_CONN_, SPORT, ATTR_U16, NULL),
	A(SECNET_A_KTLS_CONN_, DPORT, ATTR_U16, NULL),
	A(SECNET_A_KTLS_CONN_, CIPHER, ATTR_U8, NULL),
	A(SECNET_A_KTLS_CONN_, VERSION, ATTR_U16, NULL),
	A(SECNET_A_KTLS_CONN_, NEXT_SEQ, ATTR_U32, NULL),
	A(SECNET_A_KTLS_CONN_, RECORD_SN, ATTR_U64, NULL),
	A(SECNET_A_KTLS_CONN_, SYNCED, ATTR_FLAG, NULL),
	A(SECNET_A_KTLS_CONN_, RECORDS, ATTR_U64, NULL),
	A(SECNET_A_KTLS_CONN_, BYTES, ATTR_U64, NULL),
	A(SECNET_A_KTLS_CONN_, RESYNCS, ATTR_U64, NULL),
};
SET(attrs_ktls_conn, "KTLS_CONN", SECNET_A_KTLS_CONN_MAX, ktls_conn);

static const struct attr_desc ktls_fault[SECNET_A_KTLS_FAULT_MAX + 1] = {
	A(SECNET_A_KTLS_FAULT_, IFINDEX, ATTR_U32, NULL),
	A(SECNET_A_KTLS_FAULT_, IFNAME, ATTR_STRING, NULL),
	A(SECNET_A_KTLS_FAULT_, REFUSE_ADD, ATTR_U32, NULL),
	A(SECNET_A_KTLS_FAULT_, DESYNC, ATTR_U32, NULL),
};
SET(attrs_ktls_fault, "KTLS_FAULT", SECNET_A_KTLS_FAULT_MAX, ktls_fault);

static const struct attr_desc top[SECNET_A_MAX + 1] = {
	A(SECNET_A_, VERSION, ATTR_NEST, &attrs_version),
	A(SECNET_A_, SUBSYS, ATTR_NEST, &attrs_subsys),
	A(SECNET_A_, XFRM_SA, ATTR_NEST, &attrs_xfrm_sa),
	A(SECNET_A_, XFRM_FAULT, ATTR_NEST, &attrs_xfrm_fault),
	A(SECNET_A_, NF_RULE, ATTR_NEST, &attrs_nf_rule),
	A(SECNET_A_, NF_HOOK, ATTR_NEST, &attrs_nf_hook),
	A(SECNET_A_, NF_LOAD, ATTR_NEST, &attrs_nf_load),
	A(SECNET_A_, MACSEC_SECY, ATTR_NEST, &attrs_macsec_secy),
	A(SECNET_A_, MACSEC_FAULT, ATTR_NEST, &attrs_macsec_fault),
	A(SECNET_A_, KTLS_CONN, ATTR_NEST, &attrs_ktls_conn),
	A(SECNET_A_, KTLS_FAULT, ATTR_NEST, &attrs_ktls_fault),
	A(SECNET_A_, NF_FLOW, ATTR_NEST, &attrs_nf_flow),
	A(SECNET_A_, NF_EVENT, ATTR_NEST, &attrs_nf_event),
	A(SECNET_A_, NF_SET, ATTR_NEST, &attrs_nf_set),
};
SET(attrs_top, "", SECNET_A_MAX, top);

const struct attr_desc *attrs_lookup(const struct attr_set *set,
				     unsigned int type)
{
	if (type > set->max || !set->attrs[type].name)
		return NULL;
	return &set->attrs[type];
}

void attrs_name(char *buf, size_t size, const struct attr_set *set,
		unsigned int type)
{
	const struct attr_desc *d = attrs_lookup(set, type);
	const char *dot = set->path[0] ? "." : "";

	if (d)
		snprintf(buf, size, "%s%s%s", set->path, dot, d->name);
	else
		snprintf(buf, size, "%s%s#%u", set->path, dot, type);
}

/*
 * Walks the attributes in msg[start..end) that belong to @set, descending
 * into the nest that contains @off; @nest is the one they are members of.
 */
static int find_at(const unsigned char *msg, size_t start, size_t end,
		   const struct attr_set *set, const struct nlattr *nest,
		   size_t off, struct attr_at *at)
{
	struct nlattr nla;
	size_t pos = start;

	while (pos + NLA_HDRLEN <= end) {
		const struct attr_desc *d;
		size_t next;

		memcpy(&nla, msg + pos, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || pos + nla.nla_len > end)
			return -1;
		d = attrs_lookup(set, nla.nla_type & NLA_TYPE_MASK);
		next = pos + NLA_ALIGN(nla.nla_len);

		if (off == pos) {
			at->attr = (const struct nlattr *)(msg + pos);
			at->type = nla.nla_type & NLA_TYPE_MASK;
			at->set = set;
			at->nest = nest;
			return 0;
		}
		if (off > pos && off < next) {
			if (!d || d->type != ATTR_NEST)
				return -1;
			return find_at(msg, pos + NLA_HDRLEN, pos + nla.nla_len,
				       d->nest, (const struct nlattr *)(msg + pos),
				       off, at);
		}
		pos = next;
	}
	return -1;
}

int attrs_at(const void *msg, size_t len, size_t off, struct attr_at *at)
{
	size_t start = NLMSG_HDRLEN + GENL_HDRLEN;

	if (len < start)
		return -1;
	return find_at(msg, start, len, &attrs_top, NULL, off, at);
}

int attrs_name_at(char *buf, size_t size, const void *msg, size_t len,
		  size_t off, int member)
{
	const struct attr_desc *d;
	struct attr_at at;

	if (attrs_at(msg, len, off, &at))
		return -1;
	if (member < 0) {
		attrs_name(buf, size, at.set, at.type);
		return 0;
	}
	d = attrs_lookup(at.set, at.type);
	if (!d || d->type != ATTR_NEST)
		return -1;
	attrs_name(buf, size, d->nest, (unsigned int)member);
	return 0;
}
