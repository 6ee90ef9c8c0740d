#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of secnetctl: grammar, help, usage errors and exit
# statuses, the "not loaded" path, and that the man page matches the help.
# Needs no kernel module; run from anywhere: tests/cli.sh [path/to/secnetctl]

set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$here/secnetctl}")
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
pass=0 fail=0

# expect STATUS STDOUT-PATTERN STDERR-PATTERN ARGS...: patterns are grep -E
# on the whole stream, "" means the stream must be empty.
expect()
{
	local status=$1 outpat=$2 errpat=$3 rc ok=1
	shift 3
	"$bin" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	[[ $rc -eq $status ]] || ok=0
	if [[ -z $outpat ]]; then [[ ! -s $out ]] || ok=0
	else grep -Eq -- "$outpat" "$out" || ok=0; fi
	if [[ -z $errpat ]]; then [[ ! -s $err ]] || ok=0
	else grep -Eq -- "$errpat" "$err" || ok=0; fi
	if ((ok)); then
		((pass++))
	else
		((fail++))
		echo "FAIL: secnetctl $* (exit $rc, want $status)"
		sed 's/^/  stdout: /' "$out"
		sed 's/^/  stderr: /' "$err"
	fi
}

# Help, at every level, on stdout with status 0.
expect 0 '^Usage: secnetctl \[ OPTIONS \] OBJECT' '' help
expect 0 '^Usage: secnetctl \[ OPTIONS \] OBJECT' '' -h
expect 0 '^Usage: secnetctl \[ OPTIONS \] OBJECT' '' --help
expect 0 '^Usage: secnetctl \[ OPTIONS \] OBJECT' '' -help
expect 0 '^secnetctl [0-9]+\.[0-9]+' '' -V
expect 0 '^secnetctl [0-9]+\.[0-9]+' '' --version
expect 0 '^secnetctl [0-9]+\.[0-9]+' '' -Version
expect 0 'secnetctl status \[ show \] \[ NAME \]' '' status help
expect 0 'secnetctl status \[ show \] \[ NAME \]' '' status show help
expect 0 'subsys set NAME state \{ up \| down \}' '' subsys help
expect 0 'subsys set NAME state \{ up \| down \}' '' subsys set help
expect 0 'subsys show \[ NAME \]' '' subsys show help
expect 0 'secnetctl monitor \[ count N \]' '' monitor help
expect 0 'secnetctl version' '' version help
expect 0 'secnetctl version' '' -j version help

# Usage errors: status 2, nothing on stdout.
expect 2 '' '^Usage: secnetctl'
expect 2 '' '^Object "foo" is unknown, try "secnetctl help"\.$' foo
expect 2 '' '^Object "stat" is unknown' stat
expect 2 '' '^Error: option "-x" is unknown' -x status
expect 2 '' '^Error: option "--bogus" is unknown' --bogus status
expect 2 '' '^Error: option "-n" needs an argument' -n
expect 2 '' '^Error: argument "\.\./x" is wrong' -n ../x status
expect 2 '' '^Error: argument "" is wrong' -n "" status
expect 2 '' '^Command "foo" is unknown, try "secnetctl subsys help"\.$' subsys foo
expect 2 '' '^Command "sho" is unknown' subsys sho
expect 2 '' '^Command "foo" is unknown, try "secnetctl version help"\.$' version foo
expect 2 '' '^Error: argument "NAME" is required$' subsys set
expect 2 '' '^Error: argument "state" is required$' subsys set core
expect 2 '' '^Command line is not complete, try "secnetctl subsys help"\.$' subsys set core state
expect 2 '' '^Error: argument "sideways" is wrong: state must be up or down$' subsys set core state sideways
expect 2 '' '^Error: argument "UP" is wrong' subsys set core state UP
expect 2 '' '^Error: argument "unspec" is wrong' subsys set core state unspec
expect 2 '' '^Error: duplicate "state": "down" is the second value\.$' subsys set core state up state down
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl subsys help"\.$' subsys set core state up foo
expect 2 '' '^Error: argument "0123456789abcdef" is wrong: subsystem name is longer than 15 bytes$' subsys set 0123456789abcdef state up
expect 2 '' '^Error: argument "" is wrong: subsystem name is empty$' subsys set "" state up
expect 2 '' '^Error: argument "0123456789abcdef" is wrong' status 0123456789abcdef
expect 2 '' '^Error: unexpected argument "b"' status a b
expect 2 '' '^Error: unexpected argument "b"' subsys show a b
expect 2 '' '^Command line is not complete, try "secnetctl monitor help"\.$' monitor count
expect 2 '' '^Error: argument "0" is wrong: count must be a positive integer$' monitor count 0
expect 2 '' '^Error: argument "-1" is wrong' monitor count -1
expect 2 '' '^Error: argument "\+1" is wrong' monitor count +1
expect 2 '' '^Error: argument " 1" is wrong' monitor count " 1"
expect 2 '' '^Error: argument "1x" is wrong' monitor count 1x
expect 2 '' '^Error: argument "99999999999999999999999" is wrong' monitor count 99999999999999999999999
expect 2 '' '^Error: duplicate "count"' monitor count 1 count 2
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl monitor help"\.$' monitor foo

# A missing network namespace is an error of the request (1), not of usage.
expect 1 '' '^Error: cannot open network namespace "secnetctl-test-none": No such file or directory\.$' \
	-n secnetctl-test-none status

# Without the module (always so on a build host): status 3 for every object
# that needs the kernel, nothing on stdout, even with -j.
if ! grep -qw secnet /proc/modules 2>/dev/null; then
	msg='^Error: secnet kernel module is not loaded \(try: modprobe secnet\)\.$'
	expect 3 '' "$msg" status
	expect 3 '' "$msg" -j status
	expect 3 '' "$msg" -s status core
	expect 3 '' "$msg" subsys
	expect 3 '' "$msg" subsys show
	expect 3 '' "$msg" subsys set core state up
	expect 3 '' "$msg" version
	expect 3 '' "$msg" -j -p version
	expect 3 '' "$msg" monitor count 1
fi

# The man page renders without warnings and shows every grammar line of
# the help texts.
man=$(mktemp)
if MANWIDTH=200 man -l "$here/secnetctl.8" >"$man" 2>"$err" && [[ ! -s $err ]]; then
	((pass++))
	for object in "" status subsys monitor version; do
		missing=0
		# shellcheck disable=SC2086
		while read -r line; do
			if ! tr -s ' ' <"$man" | grep -qF -- "$line"; then
				echo "FAIL: man page lacks: $line"
				missing=1
			fi
		done < <("$bin" $object help |
			 sed -n 's/^\(Usage:\)\? *\(secnetctl .*\)/\2/p' |
			 grep -v ' help$')
		if ((missing)); then ((fail++)); else ((pass++)); fi
	done
else
	((fail++))
	echo "FAIL: man -l secnetctl.8"
	cat "$err"
fi
rm -f "$man"

# JSON writer: valid JSON, exact strings (invalid UTF-8 as U+FFFD), the
# same document compact and pretty.
unit=$here/tests/unit
if [[ -x $unit ]]; then
	if python3 - "$unit" <<'PY'
import json, subprocess, sys
want = {
    "strings": ["plain", 'quote" backslash\\ slash/',
                "\b\f\n\r\t\x01\x1f\x7f", "caf\u00e9 \u20ac \U0001f512",
                "bad \ufffd \ufffd\ufffd \ufffd\ufffd\ufffd "
                "\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd", ""],
    "numbers": {"max": 18446744073709551615, "zero": 0, "unnamed": 7,
                "named": "up"},
    "empty": {}, "none": [], 'key "quoted"': "v",
}
compact = subprocess.run([sys.argv[1], "json"], capture_output=True,
                         check=True).stdout.decode("utf-8")
pretty = subprocess.run([sys.argv[1], "json", "pretty"], capture_output=True,
                        check=True).stdout.decode("utf-8")
assert compact.count("\n") == 1 and compact.endswith("\n"), compact
assert pretty.count("\n") > 10, pretty
for doc in compact, pretty:
    got = json.loads(doc)
    assert got == want, (got, want)
PY
	then ((pass++)); else ((fail++)); echo "FAIL: JSON writer"; fi
fi

echo "secnetctl cli tests: $pass passed, $fail failed"
((fail == 0))
