// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the family's kTLS commands land. */

#include "secnet_ktls.h"

const struct secnet_cmd_ops secnet_ktls_cmd_ops[] = {
	{ .cmd = SECNET_CMD_KTLS_GET_CONN },
};

const unsigned int secnet_ktls_n_cmd_ops = 0;
