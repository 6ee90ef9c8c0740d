// SPDX-License-Identifier: GPL-2.0
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "print.h"

/* Deeper than any secnet object nests. */
#define JSON_MAX_DEPTH	16

static struct {
	bool json;
	bool pretty;
	unsigned int depth;
	struct {
		bool array;
		unsigned int members;
	} level[JSON_MAX_DEPTH];
} pr;

void print_init(bool json, bool pretty)
{
	pr.json = json;
	pr.pretty = pretty;
	pr.depth = 0;
}

bool print_json(void)
{
	return pr.json;
}

static void text_put(const char *fmt, const char *value)
{
	const char *conv = strstr(fmt, "%s");

	if (!conv) {
		fputs(fmt, stdout);
		return;
	}
	fwrite(fmt, 1, (size_t)(conv - fmt), stdout);
	fputs(value, stdout);
	fputs(conv + 2, stdout);
}

/* Length of the valid UTF-8 sequence at @s, or 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Reject overlong forms, UTF-16 surrogates and code points > U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void json_string(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putchar('"');
	while (*s) {
		size_t len;

		switch (*s) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*s < 0x20) {
				printf("\\u%04x", *s);
				break;
			}
			len = utf8_len(s);
			if (!len) {
				fputs("\\ufffd", stdout);
				break;
			}
			fwrite(s, 1, len, stdout);
			s += len;
			continue;
		}
		s++;
	}
	putchar('"');
}

static void json_indent(void)
{
	unsigned int i;

	putchar('\n');
	for (i = 0; i < pr.depth; i++)
		fputs("  ", stdout);
}

/* Separator, indentation and key before a value. */
static void json_member(const char *key)
{
	if (pr.depth) {
		if (pr.level[pr.depth - 1].members++)
			putchar(',');
		if (pr.pretty)
			json_indent();
		if (key && !pr.level[pr.depth - 1].array) {
			json_string(key);
			fputs(pr.pretty ? ": " : ":", stdout);
		}
	}
}

/* One top-level value per line: monitor streams them (ndjson). */
static void json_value_end(void)
{
	if (!pr.depth)
		putchar('\n');
}

static void json_open(const char *key, bool array)
{
	if (!pr.json)
		return;
	assert(pr.depth < JSON_MAX_DEPTH);
	json_member(key);
	putchar(array ? '[' : '{');
	pr.level[pr.depth].array = array;
	pr.level[pr.depth].members = 0;
	pr.depth++;
}

static void json_close(void)
{
	bool array;

	if (!pr.json || !pr.depth)
		return;
	pr.depth--;
	array = pr.level[pr.depth].array;
	if (pr.pretty && pr.level[pr.depth].members)
		json_indent();
	putchar(array ? ']' : '}');
	json_value_end();
}

void print_open_object(const char *key)
{
	json_open(key, false);
}

void print_close_object(void)
{
	json_close();
}

void print_open_array(const char *key)
{
	json_open(key, true);
}

void print_close_array(void)
{
	json_close();
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (!pr.json) {
		if (t & PRINT_FP)
			text_put(fmt, value);
	} else if (t & PRINT_JSON) {
		json_member(key);
		json_string(value);
		json_value_end();
	}
}

void print_uint(enum print_type t, const char *key, const char *fmt,
		uint64_t value)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRIu64, value);
	if (!pr.json) {
		if (t & PRINT_FP)
			text_put(fmt, num);
	} else if (t & PRINT_JSON) {
		json_member(key);
		fputs(num, stdout);
		json_value_end();
	}
}

void print_enum(enum print_type t, const char *key, const char *fmt,
		const char *name, uint64_t value)
{
	char num[24];

	/* A string either way: a JSON key keeps one type. */
	if (!name) {
		snprintf(num, sizeof(num), "%" PRIu64, value);
		name = num;
	}
	print_string(t, key, fmt, name);
}

void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value)
{
	if (!pr.json) {
		if ((t & PRINT_FP) && value)
			fputs(fmt, stdout);
	} else if (t & PRINT_JSON) {
		json_member(key);
		fputs(value ? "true" : "false", stdout);
		json_value_end();
	}
}

void print_nl(enum print_type t)
{
	if (!pr.json && (t & PRINT_FP))
		putchar('\n');
}

int print_flush(void)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write output: %s.\n",
			strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}
