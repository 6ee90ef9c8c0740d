/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printing path for text and JSON, in the style of iproute2's
 * json_print: every field is printed by one call that names both its JSON
 * key and its text format, so the two outputs cannot drift apart.
 *
 * A text format holds at most one "%s", replaced by the value; no other
 * conversion is interpreted.  JSON goes to stdout compact (or indented with
 * pretty), and each top-level value ends with a newline and a flush.
 */
#ifndef SECNETCTL_PRINT_H
#define SECNETCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum print_type {
	PRINT_FP	= 1 << 0,	/* text output only */
	PRINT_JSON	= 1 << 1,	/* JSON output only */
	PRINT_ANY	= PRINT_FP | PRINT_JSON,
};

void print_init(bool json, bool pretty);
bool print_json(void);

/*
 * JSON containers; no effect on text.  @key names the member inside an
 * object and must be NULL inside an array and at the top level.
 */
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum print_type t, const char *key, const char *fmt,
		uint64_t value);
/*
 * @name, or if NULL @value in decimal (a value this tool cannot name): in
 * JSON a string either way.
 */
void print_enum(enum print_type t, const char *key, const char *fmt,
		const char *name, uint64_t value);
/*
 * JSON true or false.  Text shows a flag as a word that is there or not:
 * @fmt, with no conversion, only if @value.
 */
void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value);
/* End of a text line. */
void print_nl(enum print_type t);

/* Flushes stdout; returns -1 (after saying why on stderr) if output failed. */
int print_flush(void);

#endif /* SECNETCTL_PRINT_H */
