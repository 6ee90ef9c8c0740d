/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subsystem registry.  Unless noted, callers hold genl_lock(): the
 * registry changes only under it, and every netlink handler runs under it.
 */
#ifndef _SECNET_SUBSYS_H
#define _SECNET_SUBSYS_H

#include "secnet.h"

struct secnet_subsys *secnet_subsys_find(const char *name);
struct secnet_subsys *secnet_subsys_next(unsigned long *cursor);
const struct secnet_cmd_ops *secnet_subsys_cmd(u8 cmd,
					       struct secnet_subsys **owner);
bool secnet_subsys_get(const struct secnet_subsys *ss);
void secnet_subsys_put(const struct secnet_subsys *ss);

/* Lockless. */
unsigned int secnet_subsys_generation(void);
u64 secnet_subsys_features(void);

#endif /* _SECNET_SUBSYS_H */
