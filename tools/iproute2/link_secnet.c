// SPDX-License-Identifier: GPL-2.0
/*
 * link_secnet.so: the "peer" keyword of "ip link add ... type secnet", as
 * iproute2 has it for veth:
 *
 *	ip link add sn0 type secnet peer name sn1 netns blue mtu 9000
 *
 * ip loads this file as $IP_LIB_DIR/link_secnet.so (Debian's default
 * directory: /usr/lib/x86_64-linux-gnu/ip).  The peer's options go to
 * ip's own iplink_parse(), so the peer takes every "ip link add" option,
 * sent in the VETH_INFO_PEER nest that the secnet link type reads.
 */
#include <string.h>
#include <linux/veth.h>

#include "iproute2.h"

static void secnet_print_help(struct link_util *lu, int argc, char **argv,
			      FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	fprintf(f,
		"Usage: ip link add [ [ name ] NAME ] [ OPTIONS ] type secnet\n"
		"\t\t   [ peer [ [ name ] PEER ] [ OPTIONS ] ]\n"
		"\n"
		"OPTIONS are those of \"ip link add\" (address, mtu, netns, txqueuelen,\n"
		"up, ...): see \"ip link help\".  Without \"peer\" the kernel names the\n"
		"peer (snN) and puts it in NAME's network namespace.\n");
}

static int secnet_parse_opt(struct link_util *lu, int argc, char **argv,
			    struct nlmsghdr *n)
{
	struct iplink_req *req = (struct iplink_req *)n;
	struct ifinfomsg dev_ifm = req->i, peer_ifm = { 0 };
	struct rtattr *nest;
	char *type = NULL;

	if (strcmp(argv[0], "peer") != 0) {
		if (strcmp(argv[0], "help") != 0)
			fprintf(stderr, "secnet: unknown option \"%s\"\n",
				argv[0]);
		secnet_print_help(lu, 0, NULL, stderr);
		return -1;
	}
	if (argc == 1) {
		fprintf(stderr,
			"secnet: \"peer\" needs the peer's options, e.g. \"peer name sn1\"\n");
		return -1;
	}

	/* The nest opens with the peer's struct ifinfomsg, as in veth's. */
	nest = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
	if (addattr_l(n, sizeof(*req), VETH_INFO_PEER, &peer_ifm,
		      sizeof(peer_ifm)) < 0)
		return -1;

	/*
	 * iplink_parse() appends the peer's attributes (inside the nest) and
	 * writes its flags and index into req->i: parse them from a clean
	 * slate, move them to the nest, and give the first device its own
	 * back.
	 */
	req->i.ifi_flags = 0;
	req->i.ifi_change = 0;
	req->i.ifi_index = 0;
	if (iplink_parse(argc - 1, argv + 1, req, &type) < 0)
		return -1;
	if (type) {
		fprintf(stderr,
			"secnet: \"type\" is not a peer option: the peer is a secnet device too\n");
		return -1;
	}
	memcpy(RTA_DATA(nest), &req->i, sizeof(req->i));
	req->i = dev_ifm;
	addattr_nest_end(n, nest);
	return 0;
}

struct link_util secnet_link_util = {
	.id		= "secnet",
	.parse_opt	= secnet_parse_opt,
	.print_help	= secnet_print_help,
};
