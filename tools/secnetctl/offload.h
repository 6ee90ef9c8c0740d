/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the offload objects (xfrm, macsec, ktls) share: "dev DEV" arguments,
 * the show commands, the fault commands, their help, the addresses of
 * their replies, and an explainer that says the kernel's errors in the
 * terms typed.  Each object describes itself in a struct offload; its own
 * code is then only its printers.
 */
#ifndef SECNETCTL_OFFLOAD_H
#define SECNETCTL_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secnetctl.h"

struct attr_set;
struct nlmsghdr;

enum fault_type {
	FAULT_U32,
	FAULT_U8,
	FAULT_DEV,			/* a device name, sent as its ifindex */
};

/* A keyword of "fault set", in the order "fault show" prints them. */
struct fault {
	const char *keyword;		/* command line and text output */
	const char *key;		/* JSON output; NULL: set only */
	uint16_t attr;			/* member of the object's fault nest */
	enum fault_type type;
	uint32_t min, max;		/* FAULT_U32, FAULT_U8 */
	int needs;			/* index of the fault it qualifies, or -1 */
};

/* Prints one reply; returns -1 after reporting a malformed one. */
typedef int (*offload_print_t)(const struct ctx *ctx,
			       const struct nlmsghdr *nlh);

struct offload {
	const char *object;		/* "xfrm" */
	const char *module;		/* "secnet_xfrm" */
	const char *fault_object;	/* "xfrm fault" */
	/* The help's lines of FAULT := ... and what they use, after DEV's. */
	const char *fault_where;
	/* "OBJECT show": a dump of @show_cmd, filtered by { IFINDEX }. */
	uint8_t show_cmd;
	uint16_t show_nest, show_ifindex;
	offload_print_t show_print;
	uint8_t get_fault, set_fault;	/* SECNET_CMD_* */
	uint16_t fault_nest;		/* SECNET_A_*_FAULT */
	const struct attr_set *fault_set;
	uint16_t fault_ifindex, fault_ifname;
	const struct fault *faults;
	size_t n_faults;
};

/* The members of struct offload that name the fault commands of OBJ. */
#define OFFLOAD_FAULT_CMDS(OBJ) \
	.get_fault	= SECNET_CMD_##OBJ##_GET_FAULT, \
	.set_fault	= SECNET_CMD_##OBJ##_SET_FAULT, \
	.fault_nest	= SECNET_A_##OBJ##_FAULT, \
	.fault_ifindex	= SECNET_A_##OBJ##_FAULT_IFINDEX, \
	.fault_ifname	= SECNET_A_##OBJ##_FAULT_IFNAME

extern const struct offload offload_xfrm;
extern const struct offload offload_macsec;
extern const struct offload offload_ktls;

/* The largest fault nest member of any object. */
#define OFFLOAD_FAULT_MAX	15

/*
 * Runs the command of @o the arguments name, as args_run() would:
 * OBJECT { show | fault { show | set } | help }, show by default.
 */
int offload_run(struct ctx *ctx, struct args *a, const struct offload *o);

/* The printer of "fault show": the device and its faults that have a key. */
int offload_fault_print(const struct offload *o, const struct nlmsghdr *nlh);

/* An address family of the replies, as a rule's "family" names it. */
struct offload_family {
	uint16_t af;			/* AF_INET, AF_INET6 */
	const char *name;		/* "ipv4", "ipv6" */
	size_t addr_len;
};

/*
 * The family of a reply, tb[@type] of @set, and its addresses tb[@addrs[i]]
 * as text in @text[i] (@n of them): the family, or NULL after reporting a
 * malformed reply.
 */
#define OFFLOAD_ADDR_LEN	46	/* INET6_ADDRSTRLEN */
const struct offload_family *
offload_addrs(const struct nlattr *const *tb, const struct attr_set *set,
	      unsigned int type, const unsigned int *addrs, size_t n,
	      char (*text)[OFFLOAD_ADDR_LEN]);

/*
 * The kernel's messages about a field start with its keyword ("dev: no
 * secnet device with this index"); with the value typed, they read as the
 * command line did ("dev lo: ...").  The core's answer for a command whose
 * module is not loaded reads "OBJECT: MODULE is not loaded".
 */
#define OFFLOAD_TYPED_MAX	8
struct offload_explain {
	const struct offload *o;
	unsigned int n;
	struct {
		const char *keyword;
		const char *value;
	} typed[OFFLOAD_TYPED_MAX];
};

bool offload_explain(const struct nlmsghdr *req, const uint32_t *offs,
		     const char *msg, char *buf, size_t size, const void *data);

#endif /* SECNETCTL_OFFLOAD_H */
