/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SECNET_VERSION_H
#define _SECNET_VERSION_H

#define SECNET_VERSION "0.1.0"

#endif /* _SECNET_VERSION_H */
