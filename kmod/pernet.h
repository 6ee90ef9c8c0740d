/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's state in each network namespace.
 */
#ifndef _SECNET_PERNET_H
#define _SECNET_PERNET_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#include "secnet.h"

/**
 * struct secnet_pernet - the core's state in one network namespace
 * @down: slots whose subsystem is administratively down here.  A new
 *	namespace starts zeroed, so every subsystem starts up.
 * @requests: requests that reached a command handler
 * @errors: those of @requests answered with an error
 * @events: notifications sent to this namespace
 */
struct secnet_pernet {
	DECLARE_BITMAP(down, SECNET_SUBSYS_SLOTS);
	atomic64_t requests;
	atomic64_t errors;
	atomic64_t events;
};

struct secnet_pernet *secnet_pernet(const struct net *net);
bool secnet_pernet_slot_up(const struct net *net, unsigned int slot);
void secnet_pernet_set_slot(const struct net *net, unsigned int slot, bool up);
void secnet_pernet_reset_slot(unsigned int slot);

int secnet_pernet_init(void);
void secnet_pernet_exit(void);

#endif /* _SECNET_PERNET_H */
