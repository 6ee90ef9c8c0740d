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
		echo "FAIL: ${bin##*/} $* (exit $rc, want $status)"
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
expect 0 'OBJECT := \{ version \| status \| subsys \| xfrm \| rule \| ruleset \|$' '' help
expect 0 '^Usage: secnetctl xfrm show \[ dev DEV \]$' '' xfrm help
expect 0 '^Usage: secnetctl xfrm show \[ dev DEV \]$' '' xfrm show help
expect 0 '^       secnetctl xfrm fault set dev DEV FAULT \[ FAULT \.\.\. \]$' '' xfrm help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault show help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault set help
expect 0 'FAULT := \{ refuse-add N \| corrupt-icv N \| drop-tx N \| drop-rx N \}' '' -j xfrm fault help

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

# xfrm: every usage error is found before a device is looked up or
# anything is sent, so none of these needs the module or the device.
expect 2 '' '^Command "foo" is unknown, try "secnetctl xfrm help"\.$' xfrm foo
expect 2 '' '^Command "sho" is unknown' xfrm sho
expect 2 '' '^Command "foo" is unknown, try "secnetctl xfrm fault help"\.$' xfrm fault foo
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl xfrm help"\.$' xfrm show foo
expect 2 '' '^Error: unexpected argument "lo", try "secnetctl xfrm help"\.$' xfrm show lo
expect 2 '' '^Command line is not complete, try "secnetctl xfrm help"\.$' xfrm show dev
expect 2 '' '^Error: duplicate "dev": "b" is the second value\.$' xfrm show dev a dev b
expect 2 '' '^Error: argument "" is wrong: device name is empty$' xfrm show dev ""
expect 2 '' '^Error: argument "0123456789abcdef" is wrong: device name is longer than 15 bytes$' \
	xfrm show dev 0123456789abcdef
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl xfrm fault help"\.$' xfrm fault show foo
expect 2 '' '^Command line is not complete, try "secnetctl xfrm fault help"\.$' xfrm fault show dev
expect 2 '' '^Error: argument "dev" is required$' xfrm fault set
expect 2 '' '^Error: argument "dev" is required$' xfrm fault set drop-tx 1
expect 2 '' '^Error: at least one of refuse-add, corrupt-icv, drop-tx, drop-rx is required$' \
	xfrm fault set dev lo
expect 2 '' '^Command line is not complete, try "secnetctl xfrm fault help"\.$' xfrm fault set dev lo drop-tx
expect 2 '' '^Command line is not complete' xfrm fault set dev
for n in -1 +1 " 1" 1x 0x10 "" 2147483648 99999999999999999999999; do
	expect 2 '' "^Error: argument \"${n/+/\\+}\" is wrong: refuse-add must be a number from 0 to 2147483647\$" \
		xfrm fault set dev lo refuse-add "$n"
done
expect 2 '' '^Error: argument "x" is wrong: corrupt-icv must be' xfrm fault set dev lo corrupt-icv x
expect 2 '' '^Error: argument "x" is wrong: drop-tx must be' xfrm fault set dev lo drop-tx x
expect 2 '' '^Error: argument "x" is wrong: drop-rx must be' xfrm fault set dev lo drop-rx x
expect 2 '' '^Error: duplicate "corrupt-icv": "2" is the second value\.$' \
	xfrm fault set dev lo corrupt-icv 1 corrupt-icv 2
expect 2 '' '^Error: duplicate "dev": "lo" is the second value\.$' xfrm fault set dev lo dev lo drop-tx 1
expect 2 '' '^Error: unexpected argument "bogus", try "secnetctl xfrm fault help"\.$' \
	xfrm fault set dev lo bogus 1
expect 2 '' '^Error: unexpected argument "drop_tx"' xfrm fault set dev lo drop_tx 1
expect 2 '' '^Error: unexpected argument "bogus"' xfrm fault set dev sn-test-none0 bogus 1

# A device that does not exist is an error of the request (1), found before
# secnet is asked (so also without the module), in the -n namespace.
nodev='^Error: device "sn-test-none0" does not exist\.$'
expect 1 '' "$nodev" xfrm show dev sn-test-none0
expect 1 '' "$nodev" -j xfrm fault show dev sn-test-none0
expect 1 '' "$nodev" xfrm fault set dev sn-test-none0 drop-rx 1
expect 1 '' '^Error: cannot open network namespace "secnetctl-test-none"' \
	-n secnetctl-test-none xfrm show dev lo

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
	expect 3 '' "$msg" xfrm
	expect 3 '' "$msg" xfrm show
	expect 3 '' "$msg" -j xfrm show dev lo
	expect 3 '' "$msg" xfrm fault
	expect 3 '' "$msg" xfrm fault show dev lo
	expect 3 '' "$msg" xfrm fault set dev lo refuse-add 2147483647 drop-rx 0
	expect 3 '' "$msg" xfrm fault set drop-tx 007 dev lo
fi

# The man page renders without warnings and shows every grammar line of
# the help texts.
man=$(mktemp)
if MANWIDTH=200 man -l "$here/secnetctl.8" >"$man" 2>"$err" && [[ ! -s $err ]]; then
	((pass++))
	for object in "" status subsys monitor version xfrm "xfrm fault"; do
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
    "empty": {}, "none": [], "flags": {"on": True, "off": False},
    'key "quoted"': "v",
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

	# The xfrm printers, fed made-up replies: the formats the integration
	# tests parse, exactly.
	if diff -u - <("$unit" sa text) <<'EOF'
sn0 out esp spi 0x00001000 src 10.0.0.1 dst 10.0.0.2 mode transport aead rfc4106(gcm(aes)) key 128 icv 128 packets 12 bytes 3456
sn1 in esp spi 0xdeadbeef src 2001:db8::1 dst 2001:db8::2 mode tunnel aead rfc4106(gcm(aes)) key 256 icv 128 esn packets 18446744073709551615 bytes 2 auth-fails 3
sn2 9 esp spi 0x00000001 src 1.2.3.4 dst 5.6.7.8
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: xfrm show text"; fi
	if diff -u - <("$unit" fault text) <<'EOF'
sn0 refuse-add 0 corrupt-icv 3 drop-tx 0 drop-rx 4294967295
sn1
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: xfrm fault show text"; fi
	if python3 - "$unit" <<'PY'
import json, subprocess, sys
aes = "rfc4106(gcm(aes))"
want = {
    "sa": [
        {"dev": "sn0", "ifindex": 5, "dir": "out", "family": "inet",
         "src": "10.0.0.1", "dst": "10.0.0.2", "spi": 4096,
         "mode": "transport", "alg": aes, "key_bits": 128, "icv_bits": 128,
         "esn": False, "packets": 12, "bytes": 3456, "auth_fails": 0},
        {"dev": "sn1", "ifindex": 6, "dir": "in", "family": "inet6",
         "src": "2001:db8::1", "dst": "2001:db8::2", "spi": 0xdeadbeef,
         "mode": "tunnel", "alg": aes, "key_bits": 256, "icv_bits": 128,
         "esn": True, "packets": 2**64 - 1, "bytes": 2, "auth_fails": 3},
        {"dev": "sn2", "ifindex": 7, "dir": 9, "family": "inet",
         "src": "1.2.3.4", "dst": "5.6.7.8", "spi": 1, "esn": False},
    ],
    "fault": [
        {"dev": "sn0", "ifindex": 5, "refuse_add": 0, "corrupt_icv": 3,
         "drop_tx": 0, "drop_rx": 2**32 - 1},
        {"dev": "sn1", "ifindex": 6},
    ],
}
for what, doc in want.items():
    for mode in "json", "pretty":
        out = subprocess.run([sys.argv[1], what, mode], capture_output=True,
                             check=True).stdout.decode("utf-8")
        assert json.loads(out) == doc, (what, mode, out)
        assert (out.count("\n") == 1) == (mode == "json"), (what, mode, out)
PY
	then ((pass++)); else ((fail++)); echo "FAIL: xfrm JSON"; fi
	# A malformed SA is refused whole: nothing printed.
	bin=$unit	# what expect runs, from here on
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.FAMILY\)\.$' bad-sa family
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.SADDR\)\.$' bad-sa addr-len
	expect 1 '' '^Error: malformed kernel reply \(missing attribute XFRM_SA\.SPI\)\.$' bad-sa no-spi
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.ESN\)\.$' bad-sa esn
fi

echo "secnetctl cli tests: $pass passed, $fail failed"
((fail == 0))
