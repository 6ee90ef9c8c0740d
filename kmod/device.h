/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "secnet" link type: a pair of Ethernet devices, each delivering what
 * it sends to the other, for tests that need a software peer.
 */
#ifndef _SECNET_DEVICE_H
#define _SECNET_DEVICE_H

#include <linux/init.h>

int __init secnet_device_init(void);
void secnet_device_exit(void);

#endif /* _SECNET_DEVICE_H */
