/* SPDX-License-Identifier: GPL-2.0 */
/* Names of the values of the enums of <linux/secnet.h>, printed and parsed. */
#ifndef SECNETCTL_NAMES_H
#define SECNETCTL_NAMES_H

#include <stdint.h>

struct name_table {
	const char *const *names;
	unsigned int count;
};

extern const struct name_table names_feature;
extern const struct name_table names_state;
extern const struct name_table names_event;
extern const struct name_table names_xfrm_dir;
extern const struct name_table names_xfrm_mode;
extern const struct name_table names_macsec_cipher;
extern const struct name_table names_macsec_validate;
extern const struct name_table names_ktls_dir;
extern const struct name_table names_ktls_cipher;
extern const struct name_table names_nf_hook;
extern const struct name_table names_nf_family;
extern const struct name_table names_nf_action;
extern const struct name_table names_nf_policy;		/* of the actions */
extern const struct name_table names_nf_event;
extern const struct name_table names_nf_limit_unit;
extern const struct name_table names_nf_limit_period;
extern const struct name_table names_ip_proto;
extern const struct name_table names_icmp_type;
extern const struct name_table names_icmpv6_type;
/* Bit sets: the name of bit N is the name of value N. */
extern const struct name_table names_tcp_flag;
extern const struct name_table names_nf_ct_state;
extern const struct name_table names_tcp_ct_state;

/* The name of @value, or NULL if it has none. */
const char *name_of(const struct name_table *t, uint64_t value);

/* The value named @name, or -1. */
int name_value(const struct name_table *t, const char *name);

#endif /* SECNETCTL_NAMES_H */
