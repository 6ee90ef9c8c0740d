/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a link_<kind>.so plugin shares with the "ip" binary that loads it.
 * Debian ships no iproute2 headers, so these are declared here, to match
 * Debian 12's iproute2 6.1.0 (checked on its /usr/sbin/ip: struct
 * link_util is 72 bytes with parse_opt at 24 and print_help at 48, and
 * iplink_parse() fills a 1056-byte struct iplink_req).  Another iproute2
 * release may differ: rebuild and recheck against it.
 */
#ifndef SECNET_IPROUTE2_H
#define SECNET_IPROUTE2_H

#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* ip looks up "<kind>_link_util" in the binary, then in link_<kind>.so. */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

/* The RTM_NEWLINK request "ip link add" builds; parse_opt's @n is &req->n. */
struct iplink_req {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[1024];
};

/*
 * Parses "ip link add" options into @req: attributes are appended to the
 * message, flags and index go into req->i.  Stops after "type KIND",
 * setting *type.  Returns how many arguments it used, or < 0 after
 * printing why (many errors exit instead).
 */
int iplink_parse(int argc, char **argv, struct iplink_req *req, char **type);

/* libnetlink.c: 0, or -1 after printing that @maxlen would be exceeded. */
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);

#endif /* SECNET_IPROUTE2_H */
