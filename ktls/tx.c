// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the transmit engine lands. */

#include "secnet_ktls.h"

int secnet_ktls_tx_init(struct secnet_ktls_conn *c, gfp_t gfp)
{
	return -EOPNOTSUPP;
}

void secnet_ktls_tx_free(struct secnet_ktls_conn *c)
{
}

struct sk_buff *secnet_ktls_tx_xmit(struct net_device *dev,
				    struct secnet_ktls_dev *kd,
				    struct sk_buff *skb)
{
	return skb;
}
