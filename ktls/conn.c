// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the control path lands: offloads nothing. */

#include "secnet_ktls.h"

const char secnet_ktls_stat_names[SECNET_KTLS_STATS][ETH_GSTRING_LEN] = {
	[SECNET_KTLS_TX_CTX]		= "tx_tls_ctx",
	[SECNET_KTLS_TX_DEL]		= "tx_tls_del",
	[SECNET_KTLS_TX_PACKETS]	= "tx_tls_encrypted_packets",
	[SECNET_KTLS_TX_BYTES]		= "tx_tls_encrypted_bytes",
	[SECNET_KTLS_TX_RECORDS]	= "tx_tls_records",
	[SECNET_KTLS_TX_OOO]		= "tx_tls_ooo",
	[SECNET_KTLS_TX_DROP_NO_RECORD]	= "tx_tls_drop_no_record",
	[SECNET_KTLS_TX_DROP_NOMEM]	= "tx_tls_drop_nomem",
	[SECNET_KTLS_RX_CTX]		= "rx_tls_ctx",
	[SECNET_KTLS_RX_DEL]		= "rx_tls_del",
	[SECNET_KTLS_RX_PACKETS]	= "rx_tls_decrypted_packets",
	[SECNET_KTLS_RX_BYTES]		= "rx_tls_decrypted_bytes",
	[SECNET_KTLS_RX_RECORDS]	= "rx_tls_records",
	[SECNET_KTLS_RX_AUTH_FAIL]	= "rx_tls_auth_fail",
	[SECNET_KTLS_RX_UNSYNCED]	= "rx_tls_unsynced_packets",
	[SECNET_KTLS_RX_RESYNC_REQ]	= "rx_tls_resync_req",
	[SECNET_KTLS_RX_RESYNC_OK]	= "rx_tls_resync_ok",
	[SECNET_KTLS_REFUSED]		= "tls_refused",
	[SECNET_KTLS_FAULTS]		= "tls_faults_injected",
};

const struct secnet_offload secnet_ktls_offload = {
	.kind		= SECNET_OFFLOAD_KTLS,
	.owner		= THIS_MODULE,
};

int secnet_ktls_conn_init(void)
{
	return 0;
}

void secnet_ktls_conn_exit(void)
{
}
