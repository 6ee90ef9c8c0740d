/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: a task that may always sleep. */
#ifndef _SHIM_LINUX_PREEMPT_H
#define _SHIM_LINUX_PREEMPT_H

#define preemptible()		1

#endif
