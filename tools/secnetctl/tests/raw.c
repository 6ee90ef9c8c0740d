// SPDX-License-Identifier: GPL-2.0
/*
 * Sends requests secnetctl itself never sends (out-of-range values, missing
 * or unknown attributes) through secnetctl's own netlink layer, to check
 * how it reports the kernel's extended acks.  Needs secnet loaded:
 *
 *   raw state NAME N	SET_SUBSYS { NAME, STATE N }
 *   raw no-name	SET_SUBSYS { STATE up }
 *   raw no-nest	SET_SUBSYS with no attribute
 *   raw unknown	SET_SUBSYS { NAME core, STATE up, #42 }
 *
 * Exit status as secnetctl's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/secnet.h>

#include "../nl.h"
#include "../secnetctl.h"

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl *nl;
	int ret;

	ret = nl_open(&nl, false);
	if (ret)
		return ret;
	nlh = nl_msg(nl, SECNET_CMD_SET_SUBSYS, NLM_F_ACK);
	if (!strcmp(what, "state") && argc == 4) {
		nest = nl_nest_start(nlh, SECNET_A_SUBSYS);
		nl_put_str(nlh, SECNET_A_SUBSYS_NAME, argv[2]);
		nl_put_u8(nlh, SECNET_A_SUBSYS_STATE, (uint8_t)atoi(argv[3]));
		nl_nest_end(nlh, nest);
	} else if (!strcmp(what, "no-name")) {
		nest = nl_nest_start(nlh, SECNET_A_SUBSYS);
		nl_put_u8(nlh, SECNET_A_SUBSYS_STATE,
			  SECNET_SUBSYS_STATE_UP);
		nl_nest_end(nlh, nest);
	} else if (!strcmp(what, "unknown")) {
		nest = nl_nest_start(nlh, SECNET_A_SUBSYS);
		nl_put_str(nlh, SECNET_A_SUBSYS_NAME, "core");
		nl_put_u8(nlh, SECNET_A_SUBSYS_STATE,
			  SECNET_SUBSYS_STATE_UP);
		nl_put_u8(nlh, 42, 0);
		nl_nest_end(nlh, nest);
	} else if (strcmp(what, "no-nest")) {
		fprintf(stderr, "usage: raw { state NAME N | no-name | no-nest | unknown }\n");
		nl_close(nl);
		return EXIT_USAGE;
	}
	ret = nl_request(nl, "raw request");
	nl_close(nl);
	return ret;
}
