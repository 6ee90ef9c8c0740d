// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the receive engine lands. */

#include "secnet_ktls.h"

int secnet_ktls_rx_init(struct secnet_ktls_conn *c, u32 start_seq, u64 rcd_sn,
			gfp_t gfp)
{
	return -EOPNOTSUPP;
}

void secnet_ktls_rx_free(struct secnet_ktls_conn *c)
{
}

struct sk_buff *secnet_ktls_rx_receive(struct secnet_ktls_conn *c,
				       struct sk_buff *skb,
				       unsigned int payload_off, u32 seq)
{
	return skb;
}

void secnet_ktls_rx_resync(struct secnet_ktls_conn *c, u32 seq,
			   const u8 *rcd_sn)
{
}
