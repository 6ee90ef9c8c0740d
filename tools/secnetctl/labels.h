/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connlabel names: the map conntrack(8) and iptables' connlabel match read,
 * /etc/xtables/connlabel.conf, or the file the environment variable
 * SECNET_CONNLABELS names.  Its lines are "BIT NAME" ("#" starts a
 * comment); the first name of a bit, and the first bit of a name, count.
 * The map is read once, when first asked; a map that cannot be read has no
 * names (labels_error() says why).
 */
#ifndef SECNETCTL_LABELS_H
#define SECNETCTL_LABELS_H

/* The kernel's connlabel bits: 0 to 127. */
#define LABELS_BITS	128
#define LABELS_FILE	"/etc/xtables/connlabel.conf"

/* The map's file. */
const char *labels_file(void);
/* The bit named @name, or -1. */
int labels_bit(const char *name);
/* The name of @bit, or NULL. */
const char *labels_name(unsigned int bit);
/* Why the map could not be read (strerror()), or NULL. */
const char *labels_error(void);

#endif /* SECNETCTL_LABELS_H */
