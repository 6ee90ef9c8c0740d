// SPDX-License-Identifier: GPL-2.0
/*
 * Connlabel names, read from a connlabel.conf (see labels.h), as
 * libnetfilter_conntrack reads it: a number (decimal, or 0x hex), white
 * space, then the name, up to white space.  Lines that are not that, or
 * name a bit past 127, are skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

static char *names[LABELS_BITS];
static bool loaded;
static int load_errno;

const char *labels_file(void)
{
	const char *env = getenv("SECNET_CONNLABELS");

	return env && *env ? env : LABELS_FILE;
}

/* The name a line gives its bit into *@bit, or NULL; cuts @line. */
static char *parse_line(char *line, unsigned long *bit)
{
	char *end, *name;

	line[strcspn(line, "#")] = '\0';
	line += strspn(line, " \t");
	if (!isdigit((unsigned char)*line))
		return NULL;
	errno = 0;
	*bit = strtoul(line, &end, 0);
	if (errno || end == line || !isspace((unsigned char)*end))
		return NULL;
	name = end + strspn(end, " \t");
	name[strcspn(name, " \t\r\n\v\f")] = '\0';
	return *name ? name : NULL;
}

static void load(void)
{
	FILE *f;
	char *line = NULL, *name;
	size_t size = 0;
	unsigned long bit;

	if (loaded)
		return;
	loaded = true;
	f = fopen(labels_file(), "r");
	if (!f) {
		load_errno = errno;
		return;
	}
	while (getline(&line, &size, f) >= 0) {
		name = parse_line(line, &bit);
		if (!name || bit >= LABELS_BITS || names[bit] ||
		    labels_bit(name) >= 0)
			continue;
		names[bit] = strdup(name);
		if (!names[bit]) {
			load_errno = ENOMEM;
			break;
		}
	}
	free(line);
	fclose(f);
}

int labels_bit(const char *name)
{
	unsigned int bit;

	load();
	for (bit = 0; bit < LABELS_BITS; bit++)
		if (names[bit] && !strcmp(names[bit], name))
			return (int)bit;
	return -1;
}

const char *labels_name(unsigned int bit)
{
	load();
	return bit < LABELS_BITS ? names[bit] : NULL;
}

const char *labels_error(void)
{
	load();
	return load_errno ? strerror(load_errno) : NULL;
}
