// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <netinet/in.h>
#include <linux/secnet.h>

#include "names.h"
#include "secnetctl.h"

#define TABLE(var, array) \
	const struct name_table var = { \
		.names = array, \
		.count = ARRAY_SIZE(array), \
	}

static const char *const feature[] = {
	[SECNET_FEATURE_CORE]		= "core",
	[SECNET_FEATURE_NETFILTER]	= "netfilter",
	[SECNET_FEATURE_XFRM]		= "xfrm",
	[SECNET_FEATURE_MACSEC]		= "macsec",
	[SECNET_FEATURE_KTLS]		= "ktls",
};
_Static_assert(ARRAY_SIZE(feature) == __SECNET_FEATURE_MAX,
	       "name every SECNET_FEATURE_*");
TABLE(names_feature, feature);

/* UNSPEC has no name: it is never a valid state to print or to set. */
static const char *const state[] = {
	[SECNET_SUBSYS_STATE_UP]	= "up",
	[SECNET_SUBSYS_STATE_DOWN]	= "down",
};
_Static_assert(ARRAY_SIZE(state) == __SECNET_SUBSYS_STATE_MAX,
	       "name every SECNET_SUBSYS_STATE_*");
TABLE(names_state, state);

static const char *const event[] = {
	[SECNET_SUBSYS_EVENT_ADD]	= "add",
	[SECNET_SUBSYS_EVENT_DEL]	= "del",
	[SECNET_SUBSYS_EVENT_CHANGE]	= "change",
};
_Static_assert(ARRAY_SIZE(event) == __SECNET_SUBSYS_EVENT_MAX,
	       "name every SECNET_SUBSYS_EVENT_*");
TABLE(names_event, event);

static const char *const xfrm_dir[] = {
	[SECNET_XFRM_DIR_IN]		= "in",
	[SECNET_XFRM_DIR_OUT]		= "out",
};
_Static_assert(ARRAY_SIZE(xfrm_dir) == __SECNET_XFRM_DIR_MAX,
	       "name every SECNET_XFRM_DIR_*");
TABLE(names_xfrm_dir, xfrm_dir);

static const char *const xfrm_mode[] = {
	[SECNET_XFRM_MODE_TRANSPORT]	= "transport",
	[SECNET_XFRM_MODE_TUNNEL]	= "tunnel",
};
_Static_assert(ARRAY_SIZE(xfrm_mode) == __SECNET_XFRM_MODE_MAX,
	       "name every SECNET_XFRM_MODE_*");
TABLE(names_xfrm_mode, xfrm_mode);

/* As "ip macsec show" names them. */
static const char *const macsec_cipher[] = {
	[SECNET_MACSEC_CIPHER_GCM_AES_128]	= "GCM-AES-128",
	[SECNET_MACSEC_CIPHER_GCM_AES_256]	= "GCM-AES-256",
	[SECNET_MACSEC_CIPHER_GCM_AES_XPN_128]	= "GCM-AES-XPN-128",
	[SECNET_MACSEC_CIPHER_GCM_AES_XPN_256]	= "GCM-AES-XPN-256",
};
_Static_assert(ARRAY_SIZE(macsec_cipher) == __SECNET_MACSEC_CIPHER_MAX,
	       "name every SECNET_MACSEC_CIPHER_*");
TABLE(names_macsec_cipher, macsec_cipher);

static const char *const macsec_validate[] = {
	[SECNET_MACSEC_VALIDATE_DISABLED]	= "disabled",
	[SECNET_MACSEC_VALIDATE_CHECK]		= "check",
	[SECNET_MACSEC_VALIDATE_STRICT]		= "strict",
};
_Static_assert(ARRAY_SIZE(macsec_validate) == __SECNET_MACSEC_VALIDATE_MAX,
	       "name every SECNET_MACSEC_VALIDATE_*");
TABLE(names_macsec_validate, macsec_validate);

static const char *const ktls_dir[] = {
	[SECNET_KTLS_DIR_TX]		= "tx",
	[SECNET_KTLS_DIR_RX]		= "rx",
};
_Static_assert(ARRAY_SIZE(ktls_dir) == __SECNET_KTLS_DIR_MAX,
	       "name every SECNET_KTLS_DIR_*");
TABLE(names_ktls_dir, ktls_dir);

static const char *const ktls_cipher[] = {
	[SECNET_KTLS_CIPHER_AES_GCM_128]	= "aes-gcm-128",
	[SECNET_KTLS_CIPHER_AES_GCM_256]	= "aes-gcm-256",
};
_Static_assert(ARRAY_SIZE(ktls_cipher) == __SECNET_KTLS_CIPHER_MAX,
	       "name every SECNET_KTLS_CIPHER_*");
TABLE(names_ktls_cipher, ktls_cipher);

static const char *const nf_hook[] = {
	[SECNET_NF_HOOK_PREROUTING]	= "prerouting",
	[SECNET_NF_HOOK_INPUT]		= "input",
	[SECNET_NF_HOOK_FORWARD]	= "forward",
	[SECNET_NF_HOOK_OUTPUT]		= "output",
	[SECNET_NF_HOOK_POSTROUTING]	= "postrouting",
	[SECNET_NF_HOOK_INGRESS]	= "ingress",
};
_Static_assert(ARRAY_SIZE(nf_hook) == __SECNET_NF_HOOK_MAX,
	       "name every SECNET_NF_HOOK_*");
TABLE(names_nf_hook, nf_hook);

/* ANY has no name: a rule without a family matches both. */
static const char *const nf_family[] = {
	[SECNET_NF_FAMILY_IPV4]		= "ipv4",
	[SECNET_NF_FAMILY_IPV6]		= "ipv6",
};
_Static_assert(ARRAY_SIZE(nf_family) == __SECNET_NF_FAMILY_MAX,
	       "name every SECNET_NF_FAMILY_*");
TABLE(names_nf_family, nf_family);

static const char *const nf_action[] = {
	[SECNET_NF_ACTION_ACCEPT]	= "accept",
	[SECNET_NF_ACTION_DROP]		= "drop",
	[SECNET_NF_ACTION_REJECT]	= "reject",
	[SECNET_NF_ACTION_COUNT]	= "count",
	[SECNET_NF_ACTION_CONTINUE]	= "continue",
};
_Static_assert(ARRAY_SIZE(nf_action) == __SECNET_NF_ACTION_MAX,
	       "name every SECNET_NF_ACTION_*");
TABLE(names_nf_action, nf_action);

/* A hook's policy is one of the actions that decide. */
static const char *const nf_policy[] = {
	[SECNET_NF_ACTION_ACCEPT]	= "accept",
	[SECNET_NF_ACTION_DROP]		= "drop",
};
TABLE(names_nf_policy, nf_policy);

static const char *const nf_limit_unit[] = {
	[SECNET_NF_LIMIT_PACKETS]	= "packets",
	[SECNET_NF_LIMIT_BYTES]		= "bytes",
};
_Static_assert(ARRAY_SIZE(nf_limit_unit) == __SECNET_NF_LIMIT_UNIT_MAX,
	       "name every SECNET_NF_LIMIT_* unit");
TABLE(names_nf_limit_unit, nf_limit_unit);

static const char *const nf_limit_period[] = {
	[SECNET_NF_LIMIT_SECOND]	= "second",
	[SECNET_NF_LIMIT_MINUTE]	= "minute",
	[SECNET_NF_LIMIT_HOUR]		= "hour",
	[SECNET_NF_LIMIT_DAY]		= "day",
};
_Static_assert(ARRAY_SIZE(nf_limit_period) == __SECNET_NF_LIMIT_PERIOD_MAX,
	       "name every SECNET_NF_LIMIT_* period");
TABLE(names_nf_limit_period, nf_limit_period);

/* As monitor's JSON gives them ("event"). */
static const char *const nf_event[] = {
	[SECNET_NF_EVENT_RULE_NEW]	= "rule-new",
	[SECNET_NF_EVENT_RULE_DEL]	= "rule-del",
	[SECNET_NF_EVENT_FLUSH]		= "flush",
	[SECNET_NF_EVENT_POLICY]	= "policy",
	[SECNET_NF_EVENT_LOAD]		= "load",
	[SECNET_NF_EVENT_FLOW_NEW]	= "flow-new",
	[SECNET_NF_EVENT_FLOW_DEL]	= "flow-del",
	[SECNET_NF_EVENT_LIMIT]		= "limit",
	[SECNET_NF_EVENT_LOG]		= "log",
};
_Static_assert(ARRAY_SIZE(nf_event) == __SECNET_NF_EVENT_MAX,
	       "name every SECNET_NF_EVENT_*");
TABLE(names_nf_event, nf_event);

/* As /etc/protocols names them, so that the names mean the same. */
static const char *const ip_proto[] = {
	[IPPROTO_ICMP]			= "icmp",
	[IPPROTO_TCP]			= "tcp",
	[IPPROTO_UDP]			= "udp",
	[IPPROTO_DCCP]			= "dccp",
	[IPPROTO_GRE]			= "gre",
	[IPPROTO_ESP]			= "esp",
	[IPPROTO_AH]			= "ah",
	[IPPROTO_ICMPV6]		= "icmpv6",
	[IPPROTO_SCTP]			= "sctp",
	[IPPROTO_UDPLITE]		= "udplite",
};
TABLE(names_ip_proto, ip_proto);

static const char *const icmp_type[] = {
	[0]				= "echo-reply",
	[3]				= "destination-unreachable",
	[8]				= "echo-request",
	[11]				= "time-exceeded",
};
TABLE(names_icmp_type, icmp_type);

static const char *const icmpv6_type[] = {
	[1]				= "destination-unreachable",
	[2]				= "packet-too-big",
	[3]				= "time-exceeded",
	[128]				= "echo-request",
	[129]				= "echo-reply",
	[135]				= "neighbor-solicitation",
	[136]				= "neighbor-advertisement",
};
TABLE(names_icmpv6_type, icmpv6_type);

/* The bits of the TCP header's flags byte, lowest first. */
static const char *const tcp_flag[] = {
	"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
};
TABLE(names_tcp_flag, tcp_flag);

/* In the order of the SECNET_NF_CT_* bits. */
static const char *const nf_ct_state[] = {
	"new", "established", "related", "invalid", "untracked",
};
_Static_assert((1U << ARRAY_SIZE(nf_ct_state)) - 1 == SECNET_NF_CT_ALL,
	       "name every SECNET_NF_CT_*");
TABLE(names_nf_ct_state, nf_ct_state);

/* Conntrack's TCP states (enum tcp_conntrack), as conntrack(8) names them. */
static const char *const tcp_ct_state[] = {
	"none", "syn-sent", "syn-recv", "established", "fin-wait",
	"close-wait", "last-ack", "time-wait", "close", "syn-sent2",
};
TABLE(names_tcp_ct_state, tcp_ct_state);

const char *name_of(const struct name_table *t, uint64_t value)
{
	return value < t->count ? t->names[value] : NULL;
}

int name_value(const struct name_table *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->count; i++)
		if (t->names[i] && !strcmp(t->names[i], name))
			return (int)i;
	return -1;
}
