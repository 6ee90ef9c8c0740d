/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command line cursor and the iproute2-worded usage errors.  Keywords match
 * exactly (strcmp): abbreviations would change meaning as keywords are added.
 * Every error helper prints to stderr and returns EXIT_USAGE.
 */
#ifndef SECNETCTL_ARGS_H
#define SECNETCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct args {
	int argc;
	char **argv;
};

/* The current argument, or NULL at the end. */
const char *args_peek(const struct args *a);
/* Returns the current argument and moves past it; NULL at the end. */
const char *args_next(struct args *a);
/* The current argument is exactly @keyword. */
bool args_is(const struct args *a, const char *keyword);
/*
 * Parses @arg as a decimal number from 0 to @max: digits only, no sign,
 * space or suffix.  Returns -1 if it is not one.
 */
int args_uint(const char *arg, uint64_t max, uint64_t *value);

struct ctx;

/* A command of an object, and the grammar "help" after it prints. */
struct command {
	const char *name;
	int (*fn)(struct ctx *ctx, struct args *a);
	int (*usage)(void);
};

/*
 * Runs the command of @object that the next argument names, or the first
 * of the @n @commands if there is none.  "help" instead of the command
 * prints @usage; right after it, the command's own.
 */
int args_run(struct ctx *ctx, struct args *a, const char *object,
	     const struct command *commands, size_t n, int (*usage)(void));

int err_unknown_object(const char *object);
int err_unknown_command(const char *object, const char *command);
int err_unexpected(const char *object, const char *arg);
int err_incomplete(const char *object);
int err_invarg(const char *arg, const char *why);
int err_missarg(const char *key);
int err_duparg(const char *key, const char *arg);
/* @key, a keyword, is the last argument: its value is missing. */
int err_noval(const char *object, const char *key);
/* "Error: " and the message: for errors no helper above words. */
int err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Errors found in a file say where: with @file set, every error helper
 * prints "Error: FILE:LINE: ...".  NULL goes back to the command line.
 */
void err_at(const char *file, unsigned int line);

#endif /* SECNETCTL_ARGS_H */
