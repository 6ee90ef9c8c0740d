#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of secnetctl: grammar, help, usage errors and exit
# statuses, the "not loaded" path, and that the man page matches the help.
# Needs no kernel module; run from anywhere: tests/cli.sh [path/to/secnetctl]

set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$here/secnetctl}")
out=$(mktemp) err=$(mktemp) tmp=$(mktemp -d)
trap 'rm -rf "$out" "$err" "$tmp"' EXIT
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
expect 0 'secnetctl monitor \[ WHAT \] \[ count N \]' '' monitor help
expect 0 'secnetctl version' '' version help
expect 0 'secnetctl version' '' -j version help
expect 0 'OBJECT := \{ version \| status \| subsys \| xfrm \| macsec \| ktls \|$' '' help
expect 0 '^Usage: secnetctl xfrm show \[ dev DEV \]$' '' xfrm help
expect 0 '^Usage: secnetctl xfrm show \[ dev DEV \]$' '' xfrm show help
expect 0 '^       secnetctl xfrm fault set dev DEV FAULT \[ FAULT \.\.\. \]$' '' xfrm help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault show help
expect 0 '^Usage: secnetctl xfrm fault show \[ dev DEV \]$' '' xfrm fault set help
expect 0 'FAULT := \{ refuse-add N \| corrupt-icv N \| drop-tx N \| drop-rx N \}' '' -j xfrm fault help
expect 0 '^Usage: secnetctl macsec show \[ dev DEV \]$' '' macsec help
expect 0 '^Usage: secnetctl macsec show \[ dev DEV \]$' '' macsec show help
expect 0 '^       secnetctl macsec fault set dev DEV FAULT \[ FAULT \.\.\. \]$' '' macsec help
expect 0 '^Usage: secnetctl macsec fault show \[ dev DEV \]$' '' macsec fault help
expect 0 '^Usage: secnetctl macsec fault show \[ dev DEV \]$' '' macsec fault show help
expect 0 'pn-left LEFT \[ macsec-dev MACSECDEV \] \[ an AN \] \}$' '' macsec fault set help
expect 0 '^Usage: secnetctl ktls show \[ dev DEV \]$' '' ktls help
expect 0 '^Usage: secnetctl ktls show \[ dev DEV \]$' '' ktls show help
expect 0 '^       secnetctl ktls fault set dev DEV FAULT \[ FAULT \.\.\. \]$' '' ktls help
expect 0 '^Usage: secnetctl ktls fault show \[ dev DEV \]$' '' ktls fault help
expect 0 '^Usage: secnetctl ktls fault show \[ dev DEV \]$' '' ktls fault show help
expect 0 '^       FAULT := \{ refuse-add N \| desync N \}$' '' -j ktls fault set help

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
expect 2 '' '^Error: argument "events" is wrong: give one of events, flows, all$' monitor flows events
expect 0 '^Usage: secnetctl flow \{ list \| show \} \[ FILTER \]$' '' flow help
expect 2 '' '^Error: argument "128" is wrong: label must be a label named in' flow list label 128
expect 2 '' '^Error: argument "x" is wrong: state must be new or established$' flow list state x
expect 2 '' '^Error: argument "70000" is wrong: dport must be a number from 0 to 65535$' flow list dport 70000
expect 2 '' '^Error: duplicate "sport"' flow list sport 1 sport 2
expect 2 '' '^Error: unexpected argument "bogus", try "secnetctl flow help"\.$' flow flush bogus 1
expect 2 '' '^Error: "10.0.0.1/8" has host bits set$' flow list reply-src 10.0.0.1/8

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

# macsec: the same, with the fault commands' own keywords.
expect 2 '' '^Command "foo" is unknown, try "secnetctl macsec help"\.$' macsec foo
expect 2 '' '^Command "foo" is unknown, try "secnetctl macsec fault help"\.$' macsec fault foo
expect 2 '' '^Error: unexpected argument "sn0", try "secnetctl macsec help"\.$' macsec show sn0
expect 2 '' '^Command line is not complete, try "secnetctl macsec help"\.$' macsec show dev
expect 2 '' '^Error: duplicate "dev": "b" is the second value\.$' macsec show dev a dev b
expect 2 '' '^Error: argument "0123456789abcdef" is wrong: device name is longer than 15 bytes$' \
	macsec show dev 0123456789abcdef
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl macsec fault help"\.$' macsec fault show foo
expect 2 '' '^Error: argument "dev" is required$' macsec fault set pn-left 1
expect 2 '' '^Error: at least one of refuse-add, corrupt-icv, pn-left is required$' macsec fault set dev lo
expect 2 '' '^Error: "an" needs "pn-left"$' macsec fault set dev lo an 1
expect 2 '' '^Error: "macsec-dev" needs "pn-left"$' macsec fault set dev lo corrupt-icv 1 macsec-dev m0
expect 2 '' '^Command line is not complete, try "secnetctl macsec fault help"\.$' macsec fault set dev lo pn-left
expect 2 '' '^Error: unexpected argument "drop-tx", try "secnetctl macsec fault help"\.$' \
	macsec fault set dev lo drop-tx 1
for n in 0 -1 2147483648 x ""; do
	expect 2 '' "^Error: argument \"$n\" is wrong: pn-left must be a number from 1 to 2147483647\$" \
		macsec fault set dev lo pn-left "$n"
done
for n in -1 2147483648 x; do
	expect 2 '' "^Error: argument \"$n\" is wrong: refuse-add must be a number from 0 to 2147483647\$" \
		macsec fault set dev lo refuse-add "$n"
done
for n in 4 256 -1 x ""; do
	expect 2 '' "^Error: argument \"$n\" is wrong: an must be a number from 0 to 3\$" \
		macsec fault set dev lo pn-left 1 an "$n"
done
expect 2 '' '^Error: argument "" is wrong: device name is empty$' macsec fault set dev lo pn-left 1 macsec-dev ""
expect 2 '' '^Error: duplicate "an": "2" is the second value\.$' macsec fault set dev lo pn-left 1 an 1 an 2
expect 2 '' '^Error: duplicate "pn-left": "2" is the second value\.$' macsec fault set dev lo pn-left 1 pn-left 2

# ktls: the same, with its own fault keywords.
expect 2 '' '^Command "foo" is unknown, try "secnetctl ktls help"\.$' ktls foo
expect 2 '' '^Command "set" is unknown, try "secnetctl ktls help"\.$' ktls set
expect 2 '' '^Command "foo" is unknown, try "secnetctl ktls fault help"\.$' ktls fault foo
expect 2 '' '^Error: unexpected argument "sn0", try "secnetctl ktls help"\.$' ktls show sn0
expect 2 '' '^Command line is not complete, try "secnetctl ktls help"\.$' ktls show dev
expect 2 '' '^Error: duplicate "dev": "b" is the second value\.$' ktls show dev a dev b
expect 2 '' '^Error: argument "0123456789abcdef" is wrong: device name is longer than 15 bytes$' \
	ktls show dev 0123456789abcdef
expect 2 '' '^Error: unexpected argument "foo", try "secnetctl ktls fault help"\.$' ktls fault show foo
expect 2 '' '^Error: argument "dev" is required$' ktls fault set desync 1
expect 2 '' '^Error: at least one of refuse-add, desync is required$' ktls fault set dev lo
expect 2 '' '^Command line is not complete, try "secnetctl ktls fault help"\.$' ktls fault set dev lo desync
expect 2 '' '^Error: unexpected argument "corrupt-icv", try "secnetctl ktls fault help"\.$' \
	ktls fault set dev lo corrupt-icv 1
for n in -1 +1 1x "" 2147483648 99999999999999999999999; do
	expect 2 '' "^Error: argument \"${n/+/\\+}\" is wrong: desync must be a number from 0 to 2147483647\$" \
		ktls fault set dev lo desync "$n"
done
expect 2 '' '^Error: argument "x" is wrong: refuse-add must be a number from 0 to 2147483647$' \
	ktls fault set dev lo refuse-add x
expect 2 '' '^Error: duplicate "desync": "2" is the second value\.$' ktls fault set dev lo desync 1 desync 2

# Firewall: help at every level.
expect 0 '^Usage: secnetctl rule add RULE$' '' rule help
expect 0 '^Usage: secnetctl rule add RULE$' '' rule add help
expect 0 '^Usage: secnetctl rule add RULE$' '' rule list help
expect 0 '^       secnetctl rule \{ list \| show \} \[ hook HOOK \]$' '' rule help
expect 0 'action \{ accept \| drop \| reject \| count \| continue \}$' '' rule help
expect 0 '^Usage: secnetctl ruleset show$' '' ruleset help
expect 0 '^       secnetctl ruleset load \{ FILE \| - \}$' '' ruleset load help
expect 0 '^Usage: secnetctl hook show$' '' hook help
expect 0 '^       secnetctl hook set HOOK policy \{ accept \| drop \}$' '' hook set help
expect 0 '^where  HOOK := \{ prerouting \| input \| forward \| output \| postrouting \| ingress \}$' '' hook help

# Firewall usage errors: found before anything is sent, so 2 with or
# without the module.
ra="rule add hook input"
expect 2 '' '^Command "foo" is unknown, try "secnetctl rule help"\.$' rule foo
expect 2 '' '^Command "foo" is unknown, try "secnetctl ruleset help"\.$' ruleset foo
expect 2 '' '^Command "foo" is unknown, try "secnetctl hook help"\.$' hook foo
expect 2 '' '^Error: argument "hook" is required$' rule add action drop
expect 2 '' '^Error: argument "action" is required$' rule add hook input
expect 2 '' '^Error: argument "hook" is required$' rule add
# Limits: bad values refused before the kernel is asked.
expect 2 '' '^Error: argument "10" is wrong: rate must be N/second, N/minute, N/hour or N/day$' rule add hook input limit rate 10 action drop
expect 2 '' '^Error: argument "10/week" is wrong: rate must be' rule add hook input limit rate 10/week action drop
expect 2 '' '^Error: argument "speed" is wrong: limit must be followed by rate$' rule add hook input limit speed 1/second action drop
expect 2 '' '^Error: argument "/33" is wrong: v4len must be a prefix length from /0 to /32$' rule add hook input limit rate 1/second per src v4len /33 action drop
expect 2 '' '^Error: argument "dst" is wrong: per must be followed by src$' rule add hook input limit rate 1/second per dst action drop
expect 2 '' '^Error: argument "burst" is wrong: burst must be a number$' rule add hook input limit rate 1/second burst burst action drop
expect 2 '' 'duplicate|twice|more than once' rule add hook input limit rate 1/second burst 1 burst 2 action drop
expect 2 '' '^Error: argument "2" is wrong: count must be followed by over$' rule add hook input ct count 2 action drop
expect 2 '' '^Error: a rule has one limit or ct count, not more$' rule add hook input limit rate 1/second ct count over 2 action drop
expect 2 '' '^Error: duplicate argument "log"$' rule add hook input log log action drop
expect 2 '' '^Error: unexpected argument "frob", try "secnetctl rule help"\.$' $ra frob 1 action drop
expect 2 '' '^Error: unexpected argument "port"' $ra port 22 action drop
expect 2 '' '^Error: argument "dport" needs a value, try "secnetctl rule help"\.$' $ra action drop dport
expect 2 '' '^Error: duplicate "dport": "23" is the second value\.$' $ra dport 22 dport 23 action drop
expect 2 '' '^Error: duplicate "hook": "output" is the second value\.$' $ra hook output action drop
expect 2 '' '^Error: duplicate "action"' $ra action drop action accept
expect 2 '' '^Error: "before" and "after" exclude each other$' $ra before 1 after 2 action drop
expect 2 '' '^Error: argument "inpt" is wrong: hook must be one of prerouting, input, forward, output, postrouting, ingress$' \
	rule add hook inpt action drop
expect 2 '' '^Error: argument "ipv5" is wrong: family must be one of ipv4, ipv6$' $ra family ipv5 action drop
expect 2 '' '^Error: argument "any" is wrong: family must be' $ra family any action drop
expect 2 '' '^Error: argument "allow" is wrong: action must be one of accept, drop, reject, count, continue$' \
	$ra action allow
expect 2 '' '^Error: "10\.0\.0\.1/8" has host bits set$' $ra src 10.0.0.1/8 action drop
expect 2 '' '^Error: "2001:db8::1/64" has host bits set$' $ra dst 2001:db8::1/64 action drop
expect 2 '' '^Error: "10\.0\.0\.64/25" has host bits set$' $ra src 10.0.0.64/25 action drop
expect 2 '' '^Error: argument "10\.0\.0\.0/33" is wrong: the prefix length must be from 0 to 32$' \
	$ra src 10.0.0.0/33 action drop
expect 2 '' '^Error: argument "::/129" is wrong: the prefix length must be from 0 to 128$' $ra src ::/129 action drop
expect 2 '' '^Error: argument "@" is wrong: a set name has 1 to 31 characters$' $ra src @ action drop
expect 2 '' '^Error: duplicate "src"' $ra src @a src 10.0.0.0/8 action drop
expect 0 '^Usage: secnetctl set add NAME type' '' set help
expect 2 '' '^Error: argument "hash" is wrong: type must be net or addr-port$' set add s type hash
expect 2 '' '^Error: "10\.0\.0\.1/8" has host bits set$' set add s elem 10.0.0.1/8
expect 2 '' '^Error: argument "10\.0\.0\.1,icmp:1" is wrong: PROTO must be tcp, udp, udplite, sctp or dccp$' \
	set add s elem 10.0.0.1,icmp:1
expect 2 '' '^Error: argument "10\.0\.0\.1,tcp:65536" is wrong: PORT must be a number from 0 to 65535$' \
	set add s elem 10.0.0.1,tcp:65536
expect 2 '' '^Error: argument "0123456789012345678901234567890123" is wrong: a set name has 1 to 31 characters$' \
	set del 0123456789012345678901234567890123
printf '10.0.0.0/8\n# c\n; c\n\nadd s 10.0.0.1/8\n' >"$tmp/set"
expect 2 '' "^Error: $tmp/set:5: \"10\\.0\\.0\\.1/8\" has host bits set\$" set load s "$tmp/set"
for p in foo 10.0.0 10.0.0.0/ 10.0.0.0/-1 10.0.0.0/+8 "10.0.0.0/ 8" 1.2.3.4.5 ""; do
	expect 2 '' "^Error: argument \"${p/+/\\+}\" is wrong: not an IPv4 or IPv6 prefix\$|the prefix length" \
		$ra src "$p" action drop
done
for p in 65536 -1 +1 " 1" 1x 1- -1 1-2-3 1-65536 99999999999999999999 ""; do
	expect 2 '' "^Error: argument \"${p/+/\\+}\" is wrong: sport must be a port from 0 to 65535, or a range LO-HI of them\$" \
		$ra sport "$p" action drop
done
expect 2 '' '^Error: argument "70000" is wrong: dport must be' $ra dport 70000 action drop
for f in syn,foo SYN syn, ,syn "" 0x100 256 0x 0xg syn/ /syn syn/foo 1/2/3; do
	expect 2 '' "^Error: argument \"$f\" is wrong: tcp-flags must be FLAGS\\[/MASK\\]" \
		$ra tcp-flags "$f" action drop
done
for p in 256 -1 foo ICMP ""; do
	expect 2 '' "^Error: argument \"$p\" is wrong: proto must be tcp, udp, udplite, sctp, dccp, icmp, icmpv6, gre, esp, ah or a number from 0 to 255\$" \
		$ra proto "$p" action drop
done
expect 2 '' '^Error: argument "echo-request" is wrong: an icmp-type name needs proto icmp or icmpv6$' \
	$ra icmp-type echo-request action drop
expect 2 '' '^Error: argument "echo-request" is wrong: an icmp-type name needs proto icmp or icmpv6$' \
	$ra proto tcp icmp-type echo-request action drop
expect 2 '' '^Error: argument "packet-too-big" is wrong: icmp-type with proto icmp must be a number from 0 to 255 or one of echo-reply, destination-unreachable, echo-request, time-exceeded$' \
	$ra icmp-type packet-too-big proto icmp action drop
expect 2 '' '^Error: argument "256" is wrong: icmp-type must be' $ra icmp-type 256 action drop
expect 2 '' '^Error: argument "256" is wrong: icmp-code must be a number from 0 to 255$' $ra icmp-code 256 action drop
expect 2 '' '^Error: argument "0123456789abcdef" is wrong: device name is longer than 15 bytes$' \
	$ra iif 0123456789abcdef action drop
expect 2 '' '^Error: argument "" is wrong: device name is empty$' $ra oif "" action drop
for c in new,bogus NEW new, "" 1 new/new; do
	expect 2 '' "^Error: argument \"$c\" is wrong: ct-state must be new, established, related, invalid, untracked, comma-separated\$" \
		$ra ct-state "$c" action drop
done
# Connlabels by name, from the map SECNET_CONNLABELS names.
printf '# bits\n1 web\n0x10 seen # a comment\n200 too-big\n' >"$tmp/connlabel.conf"
export SECNET_CONNLABELS=$tmp/connlabel.conf
for l in 128 -1 nope too-big WEB ""; do
	expect 2 '' "^Error: argument \"$l\" is wrong: ct-label must be a label named in $tmp/connlabel.conf or a number from 0 to 127\$" \
		$ra ct-label "$l" action drop
done
SECNET_CONNLABELS=$tmp/none \
	expect 2 '' "^Error: argument \"x\" is wrong: set-label must be a label named in $tmp/none or a number from 0 to 127 \\(No such file or directory\\)\$" \
	$ra set-label x action accept
for m in 0x100000000 4294967296 -1 x 1/ /1 1/2/3 0x ""; do
	expect 2 '' "^Error: argument \"$m\" is wrong: ct-mark must be VALUE\\[/MASK\\], each a number from 0 to 0xffffffff\$" \
		$ra ct-mark "$m" action drop
done
expect 2 '' '^Error: argument "0x100000000" is wrong: set-mark must be a number from 0 to 0xffffffff$' \
	$ra set-mark 0x100000000 action accept
for h in 0 -1 4294967296 x ""; do
	expect 2 '' "^Error: argument \"$h\" is wrong: handle must be a number from 1 to 4294967295\$" \
		$ra handle "$h" action drop
	expect 2 '' "^Error: argument \"$h\" is wrong: handle must be a number from 1 to 4294967295\$" \
		rule del handle "$h"
done
expect 2 '' '^Error: argument "0" is wrong: before must be a number from 1' $ra before 0 action drop
expect 2 '' '^Error: argument "0" is wrong: after must be a number from 1' $ra after 0 action drop
expect 2 '' '^Error: argument "handle" is required$' rule del
expect 2 '' '^Error: argument "handle" needs a value' rule del handle
expect 2 '' '^Error: duplicate "handle": "2" is the second value\.$' rule del handle 1 handle 2
expect 2 '' '^Error: unexpected argument "1", try "secnetctl rule help"\.$' rule del 1
expect 2 '' '^Error: argument "x" is wrong: hook must be one of' rule list hook x
expect 2 '' '^Error: argument "hook" needs a value' rule show hook
expect 2 '' '^Error: duplicate "hook": "input" is the second value\.$' rule flush hook input hook input
expect 2 '' '^Error: unexpected argument "input", try "secnetctl rule help"\.$' rule flush input
expect 2 '' '^Error: argument "HOOK" is required$' hook set
expect 2 '' '^Error: argument "policy" is required$' hook set input
expect 2 '' '^Error: argument "policy" needs a value' hook set input policy
expect 2 '' '^Error: argument "reject" is wrong: policy must be one of accept, drop$' hook set input policy reject
expect 2 '' '^Error: argument "inpt" is wrong: hook must be' hook set inpt policy drop
expect 2 '' '^Error: duplicate "policy"' hook set input policy drop policy accept
expect 2 '' '^Error: unexpected argument "x", try "secnetctl hook help"\.$' hook show x
expect 2 '' '^Error: unexpected argument "x", try "secnetctl ruleset help"\.$' ruleset show x
expect 2 '' '^Error: argument "FILE" is required$' ruleset load
expect 2 '' '^Error: unexpected argument "b"' ruleset load a b
expect 1 '' '^Error: cannot open "/nonexistent/rules": No such file or directory\.$' ruleset load /nonexistent/rules

# ruleset load parses the whole file before anything is sent: an error on
# line N is "FILE:N: ...", exit 2, with or without the module.
load_error()
{
	local line=$1 pattern=$2 file=$tmp/rules
	shift 2
	printf '%s\n' "$@" >"$file"
	expect 2 '' "^Error: ${file//./\\.}:$line: $pattern" ruleset load "$file"
}
good='rule hook input handle 1 proto tcp dport 22 action accept'
load_error 3 '"before" is not allowed in a ruleset file$' "$good" '# a comment' \
	'rule hook input before 1 action drop'
load_error 2 '"after" is not allowed in a ruleset file$' "$good" 'rule hook input after 1 action drop'
load_error 5 'unexpected argument "frob", try "secnetctl ruleset help"\.$' 'policy input drop' "" \
	"  # indented comment" "$good" 'frob hook input action drop' "$good"
load_error 1 'unexpected argument "Rule"' 'Rule hook input action drop'
load_error 2 '"10\.0\.0\.1/8" has host bits set$' "$good" 'rule hook input src 10.0.0.1/8 action drop'
load_error 2 'argument "action" is required$' "$good" 'rule hook input # action drop'
load_error 1 'argument "65536" is wrong: dport must be' 'rule hook input dport 65536 action drop'
load_error 1 'unexpected argument "frob", try "secnetctl ruleset help"\.$' 'rule hook input action drop frob'
load_error 1 'argument "policy" needs a value' 'policy input'
load_error 1 'argument "policy" needs a value' 'policy'
load_error 1 'argument "reject" is wrong: policy must be one of accept, drop$' 'policy input reject'
load_error 1 'argument "inpt" is wrong: hook must be' 'policy inpt drop'
load_error 1 'unexpected argument "x"' 'policy input drop x'
load_error 3 'a second policy for hook input$' 'policy input drop' 'policy output drop' 'policy input accept'
load_error 1 'more than 64 words$' "rule $(printf 'x %.0s' {1..64})"
printf 'rule hook input action drop\0 frob\n' >"$tmp/nul"
expect 2 '' "^Error: ${tmp//./\\.}/nul:1: a NUL byte in the line\$" ruleset load "$tmp/nul"
# "-" is standard input, which expect() does not give.
printf '%s\n' "$good" 'rule hook input before 1 action drop' |
	"$bin" ruleset load - >"$out" 2>"$err"
if [[ $? -eq 2 && ! -s $out ]] &&
   grep -q '^Error: <stdin>:2: "before" is not allowed' "$err"; then
	((pass++))
else
	((fail++))
	echo "FAIL: ruleset load - with an error on line 2"
	cat "$err"
fi

# A device that does not exist is an error of the request (1), found before
# secnet is asked (so also without the module), in the -n namespace.
nodev='^Error: device "sn-test-none0" does not exist\.$'
expect 1 '' "$nodev" xfrm show dev sn-test-none0
expect 1 '' "$nodev" -j xfrm fault show dev sn-test-none0
expect 1 '' "$nodev" xfrm fault set dev sn-test-none0 drop-rx 1
expect 1 '' "$nodev" macsec show dev sn-test-none0
expect 1 '' "$nodev" -j macsec fault show dev sn-test-none0
expect 1 '' "$nodev" macsec fault set dev sn-test-none0 corrupt-icv 1
expect 1 '' "$nodev" macsec fault set dev lo pn-left 1 macsec-dev sn-test-none0
expect 1 '' "$nodev" ktls show dev sn-test-none0
expect 1 '' "$nodev" -j ktls fault show dev sn-test-none0
expect 1 '' "$nodev" ktls fault set dev sn-test-none0 desync 1
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
	expect 3 '' "$msg" macsec
	expect 3 '' "$msg" -s macsec show
	expect 3 '' "$msg" -j macsec show dev lo
	expect 3 '' "$msg" macsec fault
	expect 3 '' "$msg" macsec fault show dev lo
	expect 3 '' "$msg" macsec fault set dev lo pn-left 2147483647 macsec-dev lo an 3
	expect 3 '' "$msg" ktls
	expect 3 '' "$msg" -j ktls show dev lo
	expect 3 '' "$msg" ktls fault
	expect 3 '' "$msg" ktls fault show dev lo
	expect 3 '' "$msg" ktls fault set dev lo refuse-add 2147483647 desync 0
	expect 3 '' "$msg" rule
	expect 3 '' "$msg" rule list hook input
	expect 3 '' "$msg" -j rule show
	expect 3 '' "$msg" rule add hook input proto tcp dport 2-1 action drop
	expect 3 '' "$msg" rule del handle 1
	expect 3 '' "$msg" rule flush
	expect 3 '' "$msg" rule flush hook ingress
	expect 3 '' "$msg" hook
	expect 3 '' "$msg" hook set input policy drop
	expect 3 '' "$msg" ruleset
	expect 3 '' "$msg" -j ruleset show
	printf '%s\n' 'policy input drop' "$good" >"$tmp/rules"
	expect 3 '' "$msg" ruleset load "$tmp/rules"
fi

# The man page renders without warnings and shows every grammar line of
# the help texts.
man=$(mktemp)
if MANWIDTH=200 man -l "$here/secnetctl.8" >"$man" 2>"$err" && [[ ! -s $err ]]; then
	((pass++))
	for object in "" status subsys monitor version xfrm "xfrm fault" \
		      macsec "macsec fault" ktls "ktls fault" rule ruleset hook; do
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
	# printers_json OBJECT [WORD...]: what unit prints of each of the
	# documents the Python on stdin puts in want ({ UNIT-ARG: DOCUMENT }),
	# compact and pretty, is that document, with no WORD in it.
	printers_json()
	{
		local object=$1
		shift
		if python3 - "$unit" "$@" < <(echo 'import json, subprocess, sys'
					      cat; cat <<'PY'
for what, doc in want.items():
    for mode in "json", "pretty":
        out = subprocess.run([sys.argv[1], what, mode], capture_output=True,
                             check=True).stdout.decode("utf-8")
        assert json.loads(out) == doc, (what, mode, out)
        assert (out.count("\n") == 1) == (mode == "json"), (what, mode, out)
        assert not [w for w in sys.argv[2:] if w in out], out
PY
)
		then ((pass++)); else ((fail++)); echo "FAIL: $object JSON"; fi
	}
	if python3 - "$unit" <<'PY'
import json, subprocess, sys
want = {
    "strings": ["plain", 'quote" backslash\\ slash/',
                "\b\f\n\r\t\x01\x1f\x7f", "caf\u00e9 \u20ac \U0001f512",
                "bad \ufffd \ufffd\ufffd \ufffd\ufffd\ufffd "
                "\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd", ""],
    "numbers": {"max": 18446744073709551615, "zero": 0, "unnamed": "7",
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
	printers_json xfrm <<'PY'
aes = "rfc4106(gcm(aes))"
want = {
    "sa": [
        {"dev": "sn0", "ifindex": 5, "dir": "out", "family": "ipv4",
         "src": "10.0.0.1", "dst": "10.0.0.2", "spi": 4096,
         "mode": "transport", "alg": aes, "key_bits": 128, "icv_bits": 128,
         "esn": False, "packets": 12, "bytes": 3456, "auth_fails": 0},
        {"dev": "sn1", "ifindex": 6, "dir": "in", "family": "ipv6",
         "src": "2001:db8::1", "dst": "2001:db8::2", "spi": 0xdeadbeef,
         "mode": "tunnel", "alg": aes, "key_bits": 256, "icv_bits": 128,
         "esn": True, "packets": 2**64 - 1, "bytes": 2, "auth_fails": 3},
        {"dev": "sn2", "ifindex": 7, "dir": "9", "family": "ipv4",
         "src": "1.2.3.4", "dst": "5.6.7.8", "spi": 1, "esn": False},
    ],
    "fault": [
        {"dev": "sn0", "ifindex": 5, "refuse_add": 0, "corrupt_icv": 3,
         "drop_tx": 0, "drop_rx": 2**32 - 1},
        {"dev": "sn1", "ifindex": 6},
    ],
}
PY
	# The macsec printers: "ip macsec show"'s text, -s its tables of
	# counters; the SCI as it prints it; never a key.
	if diff -u - <("$unit" secy text) <<'EOF'
sn0: macsec0: protect on validate strict encrypt on send_sci on end_station off scb off replay on window 32 operational on
    cipher suite: GCM-AES-128, using ICV length 16
    TXSC: 5254001234560001 on SA 0
        0: PN 12, state on
    RXSC: 5254009876540001, state on
        0: PN 1, state on
sn1: macsec1: protect off encrypt off send_sci off end_station off scb off replay off operational off
    cipher suite: GCM-AES-XPN-256
    TXSC: 00000000000000ff on SA 3
        3: PN 4294967301, state on, SSCI 16909060
        1: PN 1, state off, SSCI 7
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: macsec show text"; fi
	if diff -u - <("$unit" secy stats) <<'EOF'
sn0: macsec0: protect on validate strict encrypt on send_sci on end_station off scb off replay on window 32 operational on
    cipher suite: GCM-AES-128, using ICV length 16
    TXSC: 5254001234560001 on SA 0
    stats: OutPktsUntagged InPktsUntagged OutPktsTooLong InPktsNoTag InPktsBadTag InPktsUnknownSCI InPktsNoSCI InPktsOverrun OutPktsProtected OutPktsEncrypted OutOctetsProtected OutOctetsEncrypted
                         0              1              2           3            4                5           6             7                8                9                 10                 11
        0: PN 12, state on
    stats: OutPktsProtected OutPktsEncrypted
                         10               11
    RXSC: 5254009876540001, state on
    stats: InOctetsValidated InOctetsDecrypted InPktsUnchecked InPktsDelayed InPktsOK InPktsInvalid InPktsLate InPktsNotValid InPktsNotUsingSA InPktsUnusedSA
                         100               101             102           103      104           105        106            107              108            109
        0: PN 1, state on
    stats: InPktsOK InPktsInvalid InPktsNotValid InPktsNotUsingSA InPktsUnusedSA
                 10            11             12               13             14
sn1: macsec1: protect off encrypt off send_sci off end_station off scb off replay off operational off
    cipher suite: GCM-AES-XPN-256
    TXSC: 00000000000000ff on SA 3
        3: PN 4294967301, state on, SSCI 16909060
    stats: OutPktsProtected OutPktsEncrypted
                         10               11
        1: PN 1, state off, SSCI 7
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: macsec show -s text"; fi
	if diff -u - <("$unit" macsec-fault text) <<<'sn0 refuse-add 0 corrupt-icv 3'
	then ((pass++)); else ((fail++)); echo "FAIL: macsec fault show text"; fi
	printers_json macsec key <<'PY'
txsa = {"OutPktsProtected": 10, "OutPktsEncrypted": 11}
secy = ["OutPktsUntagged", "InPktsUntagged", "OutPktsTooLong", "InPktsNoTag",
        "InPktsBadTag", "InPktsUnknownSCI", "InPktsNoSCI", "InPktsOverrun",
        "OutPktsProtected", "OutPktsEncrypted", "OutOctetsProtected",
        "OutOctetsEncrypted"]
rxsc = ["InOctetsValidated", "InOctetsDecrypted", "InPktsUnchecked",
        "InPktsDelayed", "InPktsOK", "InPktsInvalid", "InPktsLate",
        "InPktsNotValid", "InPktsNotUsingSA", "InPktsUnusedSA"]
rxsa = ["InPktsOK", "InPktsInvalid", "InPktsNotValid", "InPktsNotUsingSA",
        "InPktsUnusedSA"]
want = {
    "secy": [
        {"dev": "sn0", "ifindex": 5, "macsec_dev": "macsec0",
         "macsec_ifindex": 9, "protect": True, "validate": "strict",
         "encrypt": True, "send_sci": True, "end_station": False,
         "scb": False, "replay": True, "window": 32, "operational": True,
         "cipher_suite": "GCM-AES-128", "icv_length": 16,
         "sci": "5254001234560001", "encoding_sa": 0,
         "counters": {n: i for i, n in enumerate(secy)},
         "sa_list": [{"an": 0, "pn": 12, "active": True, "counters": txsa}],
         "rx_sc": [{"sci": "5254009876540001", "active": True,
                    "counters": {n: 100 + i for i, n in enumerate(rxsc)},
                    "sa_list": [{"an": 0, "pn": 1, "active": True,
                                 "counters": {n: 10 + i for i, n in
                                              enumerate(rxsa)}}]}]},
        {"dev": "sn1", "ifindex": 6, "macsec_dev": "macsec1",
         "macsec_ifindex": 10, "protect": False, "encrypt": False,
         "send_sci": False, "end_station": False, "scb": False,
         "replay": False, "operational": False,
         "cipher_suite": "GCM-AES-XPN-256", "sci": "00000000000000ff",
         "encoding_sa": 3,
         "sa_list": [{"an": 3, "pn": 2**32 + 5, "active": True,
                      "ssci": 0x01020304, "counters": txsa},
                     {"an": 1, "pn": 1, "active": False, "ssci": 7,
                      "counters": {}}],
         "rx_sc": []},
    ],
    "macsec-fault": [{"dev": "sn0", "ifindex": 5, "refuse_add": 0,
                      "corrupt_icv": 3}],
}
PY
	# The ktls printers: one line a connection, IPv6 addresses in
	# brackets before the port; TX leaves out what only RX has.
	if diff -u - <("$unit" conn text) <<'EOF'
sn0 tx local 10.0.0.1:443 remote 10.0.0.2:51000 cipher aes-gcm-128 version TLS1.2 next-seq 4000000000 record-sn 7 records 7 bytes 114688
sn1 rx local [2001:db8::2]:51000 remote [2001:db8::1]:443 cipher aes-gcm-256 version TLS1.2 synced next-seq 1 record-sn 18446744073709551615 records 2 bytes 3 resyncs 4
sn1 rx local 10.0.0.2:1 remote 10.0.0.1:65535 cipher aes-gcm-128 version TLS1.2 unsynced next-seq 0 record-sn 0 records 0 bytes 0 resyncs 0
sn2 9 local 1.2.3.4:1 remote 5.6.7.8:2 cipher 9 version 0x0305
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: ktls show text"; fi
	if diff -u - <("$unit" ktls-fault text) <<<'sn0 refuse-add 1 desync 2147483647'
	then ((pass++)); else ((fail++)); echo "FAIL: ktls fault show text"; fi
	printers_json ktls key salt <<'PY'
gcm = "aes-gcm-128"
want = {
    "conn": [
        {"dev": "sn0", "ifindex": 5, "dir": "tx", "family": "ipv4",
         "local": "10.0.0.1", "local_port": 443, "remote": "10.0.0.2",
         "remote_port": 51000, "cipher": gcm, "version": "TLS1.2",
         "next_seq": 4000000000, "record_sn": 7, "records": 7,
         "bytes": 114688, "resyncs": 0},
        {"dev": "sn1", "ifindex": 6, "dir": "rx", "family": "ipv6",
         "local": "2001:db8::2", "local_port": 51000,
         "remote": "2001:db8::1", "remote_port": 443,
         "cipher": "aes-gcm-256", "version": "TLS1.2", "synced": True,
         "next_seq": 1, "record_sn": 2**64 - 1, "records": 2, "bytes": 3,
         "resyncs": 4},
        {"dev": "sn1", "ifindex": 6, "dir": "rx", "family": "ipv4",
         "local": "10.0.0.2", "local_port": 1, "remote": "10.0.0.1",
         "remote_port": 65535, "cipher": gcm, "version": "TLS1.2",
         "synced": False, "next_seq": 0, "record_sn": 0, "records": 0,
         "bytes": 0, "resyncs": 0},
        {"dev": "sn2", "ifindex": 7, "dir": "9", "family": "ipv4",
         "local": "1.2.3.4", "local_port": 1, "remote": "5.6.7.8",
         "remote_port": 2, "cipher": "9", "version": "0x0305"},
    ],
    "ktls-fault": [{"dev": "sn0", "ifindex": 5, "refuse_add": 1,
                    "desync": 2147483647}],
}
PY
	# The firewall's events, as monitor prints them: the rule as "rule
	# list" prints it, who made the change; a newer kernel's event by its
	# number.
	if diff -u - <("$unit" nf-event text) <<'EOF'
rule new hook input handle 5 proto tcp dport 22 action drop by pid 812 (secnetctl) uid 1000
rule del hook input handle 5 proto tcp dport 22 action drop by pid 815 (secnetctl) uid 1000
rule flush hook input by pid 820 (secnetctl) uid 1000
rule flush by pid 821 (secnetctl) uid 1000
hook output policy drop by pid 830 (fw "x") uid 1000
ruleset load rules 12 by pid 841 (secnetctl) uid 1000
event 200 by pid 1 (init) uid 1000
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: monitor's firewall events, text"; fi
	printers_json "monitor's firewall events" <<'PY'
def who(pid, comm="secnetctl"):
    return {"portid": pid, "pid": pid, "comm": comm, "uid": 1000}
rule = {"handle": 5, "hook": "input", "proto": "tcp", "proto_num": 6,
        "dport": {"min": 22, "max": 22}, "action": "drop"}
want = {
    "nf-event": [
        {"event": "rule-new", "rule": rule, **who(812)},
        {"event": "rule-del", "rule": rule, **who(815)},
        {"event": "flush", "hook": "input", **who(820)},
        {"event": "flush", **who(821)},
        {"event": "policy", "hook": "output", "policy": "drop",
         **who(830, 'fw "x"')},
        {"event": "load", "rules": 12, **who(841)},
        {"event": "200", **who(1, "init")},
    ],
}
PY
	# The kernel's errors about an offload object, in the words typed.
	explain=0
	while IFS='|' read -r msg args want; do
		# shellcheck disable=SC2086
		got=$("$unit" offload-explain "$msg" $args 2>&1)
		if [[ $got != "$want" ]]; then
			echo "FAIL: offload error \"$msg\" with $args"
			echo "  got:  $got"
			echo "  want: $want"
			explain=1
		fi
	done <<'EOF'
command not available: load the secnet module that provides it|macsec secnet_macsec|macsec: secnet_macsec is not loaded
command not available: load the secnet module that provides it|xfrm secnet_xfrm dev sn0|xfrm: secnet_xfrm is not loaded
command not available: load the secnet module that provides it|ktls secnet_ktls|ktls: secnet_ktls is not loaded
dev: no secnet device with this index|ktls secnet_ktls dev sn0 desync 3|dev sn0: no secnet device with this index
dev: no secnet device with this index|macsec secnet_macsec dev lo|dev lo: no secnet device with this index
dev: no secnet device with this index|macsec secnet_macsec|unchanged: dev: no secnet device with this index
macsec-dev: not a SecY of this device|macsec secnet_macsec dev sn0 pn-left 5 macsec-dev m1|macsec-dev m1: not a SecY of this device
an: no such TX SA|macsec secnet_macsec dev sn0 pn-left 5 an 2|an 2: no such TX SA
pn-left: no TX SA to act on|macsec secnet_macsec dev sn0 pn-left 5|pn-left 5: no TX SA to act on
device: x|macsec secnet_macsec dev sn0|unchanged: device: x
command not available: its module is being unloaded|macsec secnet_macsec|unchanged: command not available: its module is being unloaded
EOF
	if ((explain)); then ((fail++)); else ((pass++)); fi
	# Firewall rules: a canonical line goes to attributes, back to a
	# rule, and prints as it was given (rule list adds the counters).
	roundtrip=0
	while read -r rule; do
		# shellcheck disable=SC2086
		got=$("$unit" rule text $rule 2>&1)
		if [[ $got != "$rule packets 12 bytes 3456" ]]; then
			echo "FAIL: rule round trip: $rule"
			echo "  got: $got"
			roundtrip=1
		fi
	done <<'EOF'
hook input action accept
hook input handle 1 proto tcp dport 22 ct-state new action drop
hook prerouting handle 4294967295 family ipv4 action reject
hook forward handle 2 family ipv6 proto 200 action count
hook output handle 3 src 10.0.0.0/8 dst 192.168.1.1 proto udp sport 1024-65535 dport 53 action continue
hook postrouting handle 4 src 2001:db8::/32 dst ::1 proto sctp sport 0 dport 0-1 action accept
hook input handle 5 src 0.0.0.0/0 dst ::/0 proto udplite dport 2-1 action drop
hook input handle 6 proto tcp tcp-flags syn action drop
hook input handle 7 proto tcp tcp-flags syn/syn,ack action drop
hook input handle 8 proto tcp tcp-flags fin,syn,rst,psh,ack,urg,ece,cwr/0x00 action drop
hook input handle 9 proto tcp tcp-flags 0x00/syn,rst action drop
hook input handle 10 proto icmp icmp-type echo-request icmp-code 0 action accept
hook input handle 11 proto icmp icmp-type 5 action accept
hook input handle 12 proto icmpv6 icmp-type neighbor-advertisement action accept
hook input handle 13 proto gre icmp-type 128 icmp-code 255 action accept
hook ingress handle 14 iif eth0 action drop
hook forward handle 15 iif eth0 oif 0123456789abcde ct-state new,established,related,invalid,untracked action accept
hook input handle 16 proto dccp ct-state established,related action accept
hook input handle 17 proto esp action accept
hook input handle 18 proto ah action accept
hook input before 3 action accept
hook input after 3 action accept
hook forward handle 19 ct-label web ct-mark 0x10/0xff set-label seen set-mark 0xffffffff action accept
hook input handle 20 ct-label 127 set-label 0 action continue
hook input handle 21 limit rate 10/second burst 5 packets action accept
hook input handle 22 proto icmp limit rate over 100/minute burst 20 bytes per src v4len /24 v6len /64 max 1024 action drop
hook forward handle 23 proto tcp ct-state new ct count over 2 per src v4len /24 action reject
hook input handle 24 ct count over 0 per src v6len /48 action drop
hook input handle 25 limit rate over 18446744073709551615/day action drop
hook input handle 26 src @blocklist log action drop
EOF
	# Lines that are not canonical print in the canonical form.
	while IFS='|' read -r rule want; do
		# shellcheck disable=SC2086
		got=$("$unit" rule text $rule 2>&1)
		if [[ $got != "$want packets 12 bytes 3456" ]]; then
			echo "FAIL: rule canonical form: $rule"
			echo "  got:  $got"
			echo "  want: $want"
			roundtrip=1
		fi
	done <<'EOF'
action drop dport 22 proto tcp handle 1 hook input|hook input handle 1 proto tcp dport 22 action drop
hook input family ipv4 src 10.0.0.0/8 action drop|hook input src 10.0.0.0/8 action drop
hook input family ipv6 dst 2001:db8::/128 action drop|hook input dst 2001:db8:: action drop
hook input src 10.0.0.1/32 action drop|hook input src 10.0.0.1 action drop
hook input src 2001:DB8:0:0::0/64 action drop|hook input src 2001:db8::/64 action drop
hook input proto 6 sport 80-80 dport 0443 action drop|hook input proto tcp sport 80 dport 443 action drop
hook input proto ipv6-icmp icmp-type 135 action drop|hook input proto icmpv6 icmp-type neighbor-solicitation action drop
hook input icmp-type time-exceeded proto icmpv6 action drop|hook input proto icmpv6 icmp-type time-exceeded action drop
hook input icmp-type time-exceeded proto icmp action drop|hook input proto icmp icmp-type time-exceeded action drop
hook input proto icmp icmp-type 3 action drop|hook input proto icmp icmp-type destination-unreachable action drop
hook input proto 58 icmp-type 1 action drop|hook input proto icmpv6 icmp-type destination-unreachable action drop
hook input tcp-flags 0x02/0x12 action drop|hook input tcp-flags syn/syn,ack action drop
hook input tcp-flags ack,syn,syn/255 action drop|hook input tcp-flags syn,ack/fin,syn,rst,psh,ack,urg,ece,cwr action drop
hook input tcp-flags 0 action drop|hook input tcp-flags 0x00 action drop
hook input tcp-flags syn/syn action drop|hook input tcp-flags syn action drop
hook input ct-state untracked,new,new action drop|hook input ct-state new,untracked action drop
hook input ct-label 1 action accept|hook input ct-label web action accept
hook input ct-label 5 ct-mark 42 set-mark 0 action continue|hook input ct-label 5 ct-mark 0x2a set-mark 0x0 action continue
hook input ct-mark 0X10/0xffffffff set-label 16 action accept|hook input ct-mark 0x10 set-label seen action accept
action drop limit rate 5/hour bytes burst 9 per src v4len 24 hook input|hook input limit rate 5/hour burst 9 bytes per src v4len /24 v6len /128 action drop
hook input ct count over 2 per src v4len /32 v6len /128 action drop|hook input ct count over 2 action drop
hook input ct count over 2 per src action drop|hook input ct count over 2 action drop
EOF
	if ((roundtrip)); then ((fail++)); else ((pass++)); fi

	# The same rule as JSON: each key as the man page documents it.
	if python3 - "$unit" <<'PY'
import json, subprocess, sys
def rule(mode, line):
    out = subprocess.run([sys.argv[1], "rule", mode] + line.split(),
                         capture_output=True, check=True).stdout.decode()
    assert (out.count("\n") == 1) == (mode == "json"), out
    return json.loads(out)
full = ("hook input handle 1 family ipv4 src 10.0.0.0/8 dst 192.168.1.1 "
        "proto tcp sport 1024-65535 dport 22 tcp-flags syn/syn,ack "
        "icmp-type 8 icmp-code 0 iif eth0 oif eth1 ct-state new,established "
        "action drop")
want = {"handle": 1, "hook": "input", "family": "ipv4", "src": "10.0.0.0/8",
        "dst": "192.168.1.1/32", "proto": "tcp", "proto_num": 6,
        "sport": {"min": 1024, "max": 65535}, "dport": {"min": 22, "max": 22},
        "tcp_flags": {"flags": ["syn"], "mask": ["syn", "ack"]},
        "icmp_type": 8, "icmp_code": 0, "iif": "eth0", "oif": "eth1",
        "ct_state": ["new", "established"], "action": "drop",
        "packets": 12, "bytes": 3456}
for mode in "json", "pretty":
    got = rule(mode, full)
    assert got == want, got
    assert list(got) == list(want), list(got)
got = rule("json", "hook forward src 2001:db8::/32 proto 200 tcp-flags 0/0x12 "
           "ct-state untracked action count")
assert got == {"hook": "forward", "family": "ipv6", "src": "2001:db8::/32",
               "proto": "200", "proto_num": 200, "tcp_flags": {"flags": [], "mask": ["syn", "ack"]},
               "ct_state": ["untracked"], "action": "count",
               "packets": 12, "bytes": 3456}, got
got = rule("json", "hook input limit rate over 100/minute burst 20 bytes "
           "per src v4len /24 max 64 action drop")
assert got["limit"] == {"over": True, "rate": 100, "period": "minute",
                        "burst": 20, "unit": "bytes", "per_src": True,
                        "v4len": 24, "v6len": 128, "max": 64}, got
got = rule("json", "hook input ct count over 2 per src v6len /64 action drop")
assert got["ct_count"] == {"over": 2, "v4len": 32, "v6len": 64}, got
PY
	then ((pass++)); else ((fail++)); echo "FAIL: rule JSON"; fi

	# Every JSON key has one type, whether or not secnetctl can name the
	# value (proto 200, SA direction 9): scripts may rely on it.
	if python3 - "$unit" <<'PY'
import json, subprocess, sys
def run(*args):
    out = subprocess.run([sys.argv[1], *args], capture_output=True,
                         check=True).stdout.decode()
    return json.loads(out)
types = {}
def walk(v, path):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, path + "." + k)
    elif isinstance(v, list):
        for x in v:
            walk(x, path + "[]")
    types.setdefault(path, set()).add(type(v).__name__)
walk(run("sa", "json"), "sa")
walk(run("fault", "json"), "fault")
walk(run("secy", "json"), "secy")
walk(run("macsec-fault", "json"), "macsec_fault")
walk(run("conn", "json"), "conn")
walk(run("ktls-fault", "json"), "ktls_fault")
for line in ("hook input proto tcp dport 22 tcp-flags syn action drop",
             "hook input proto 200 tcp-flags 0x40/0xff action count",
             "hook input family ipv6 ct-state new action accept",
             "hook input src 10.0.0.0/8 proto icmp icmp-type 200 action drop",
             "hook input ct-label 5 ct-mark 1/3 set-label 6 set-mark 2 action accept"):
    walk(run("rule", "json", *line.split()), "rule")
mixed = {p: t for p, t in types.items() if len(t) > 1}
assert not mixed, mixed
PY
	then ((pass++)); else ((fail++)); echo "FAIL: JSON keys of one type"; fi

	# ruleset load: what the parts carry is the file, comments and blank
	# lines aside, with each rule's line; policies go in the first part.
	cat >"$tmp/rules" <<'EOF'
# secnet ruleset
policy output drop   # trailing comment
	policy prerouting accept

rule hook input handle 1 proto tcp dport 22 ct-state new action accept
  rule   hook input	src 10.0.0.0/8 action drop
rule hook output handle 7 proto udp dport 2-1 action drop
EOF
	if diff -u - <("$unit" load "$tmp/rules" 2>&1) <<'EOF'
# part 1 begin commit
policy prerouting accept
policy output drop
rule hook input handle 1 proto tcp dport 22 ct-state new action accept # line 5
rule hook input src 10.0.0.0/8 action drop # line 6
rule hook output handle 7 proto udp dport 2-1 action drop # line 7
EOF
	then ((pass++)); else ((fail++)); echo "FAIL: ruleset load of a small file"; fi
	: >"$tmp/empty"
	if diff -u - <("$unit" load "$tmp/empty" 2>&1) <<<'# part 1 begin commit'
	then ((pass++)); else ((fail++)); echo "FAIL: ruleset load of an empty file"; fi

	# The kernel's errors about a rule, as secnetctl prints them: the
	# keyword and value the user typed for the attribute it blames, and a
	# file's rules by FILE:LINE (here, the rules of $tmp/rules above).
	explain=0
	while IFS='|' read -r msg args want; do
		# shellcheck disable=SC2086
		got=$(printf '%s\n' "rule hook input action drop" "" \
			"rule hook input src 10.0.0.1 action drop" |
			"$unit" explain "$msg" $args 2>&1)
		if [[ $got != "$want" ]]; then
			echo "FAIL: kernel error \"$msg\" blaming $args"
			echo "  got:  $got"
			echo "  want: $want"
			explain=1
		fi
	done <<EOF
dport: needs proto tcp, udp, udplite, sctp or dccp|rule DPORT_LO hook input dport 22 action drop|dport 22: needs proto tcp, udp, udplite, sctp or dccp
sport: range is reversed (high end below low end)|rule SPORT_HI hook input proto tcp sport 80-20 action drop|sport 80-20: range is reversed (high end below low end)
src: host bits set beyond the prefix length|rule SRC_LEN hook input src 10.0.0.0/8 action drop|src 10.0.0.0/8: host bits set beyond the prefix length
src: not of the rule's family|rule SRC hook input family ipv6 src 10.0.0.1 action drop|src 10.0.0.1: not of the rule's family
tcp-flags: needs proto tcp|rule TCP_FLAGS hook input tcp-flags syn/syn,ack action drop|tcp-flags syn/syn,ack: needs proto tcp
icmp-code: needs proto icmp or icmpv6|rule ICMP_CODE hook input icmp-code 3 action drop|icmp-code 3: needs proto icmp or icmpv6
iif: no input device at this hook|rule IIF hook output iif sn0 action drop|iif sn0: no input device at this hook
action: reject is not available at ingress|rule ACTION hook ingress iif sn0 action reject|action reject: reject is not available at ingress
before: no rule with this handle at this hook|rule BEFORE hook input before 77 action drop|before 77: no rule with this handle at this hook
set-label: needs action accept or continue|rule SET_LABEL hook input set-label 16 action drop|set-label seen: needs action accept or continue
ct-mark: mark bits outside the mask|rule CT_MARK hook input ct-mark 0x11/0x10 action drop|ct-mark 0x11/0x10: mark bits outside the mask
ct-label: conntrack has not seen packets at ingress|rule CT_LABEL hook ingress iif sn0 ct-label 3 action drop|ct-label 3: conntrack has not seen packets at ingress
integer out of range|rule ICMP_TYPE hook input proto icmpv6 icmp-type echo-request action drop|icmp-type echo-request: integer out of range
iif: required at ingress (the device to hook)|rule - hook ingress action drop|unchanged: iif: required at ingress (the device to hook)
line 7: dport: range is reversed (high end below low end)|load DPORT_HI 3 $tmp/rules|$tmp/rules:7: dport 2-1: range is reversed (high end below low end)
line 5: handle: in use by an earlier rule of the load|load HANDLE 1 $tmp/rules|$tmp/rules:5: handle 1: in use by an earlier rule of the load
line 6: hook: required|load - 2 $tmp/rules|$tmp/rules:6: hook input: required
line 5: handle: in use by an earlier rule of the load|load - 1 $tmp/rules|$tmp/rules:5: handle 1: in use by an earlier rule of the load
line 7: oif: x|load - 3 $tmp/rules|$tmp/rules:7: oif: x
dport: x|rule - hook input dport 22 action drop|dport 22: x
line 7: more rules than max_rules (a parameter of secnet_nf)|load RULE 3 $tmp/rules|$tmp/rules:7: more rules than max_rules (a parameter of secnet_nf)
line 3: src: x|load SRC 2 -|<stdin>:3: src 10.0.0.1: x
no load in progress on this socket|load - 1 $tmp/rules|unchanged: no load in progress on this socket
EOF
	if ((explain)); then ((fail++)); else ((pass++)); fi

	# 100,000 rules: parsed and split into parts quickly, each part whole
	# rules, the first BEGIN, the last COMMIT, every rule on its line.
	awk 'BEGIN {
		print "policy input drop"
		for (i = 1; i <= 100000; i++)
			printf "rule hook input handle %d src 10.%d.%d.%d proto tcp sport 1024-65535 dport %d ct-state new action accept\n",
			       i, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i % 65536
	}' >"$tmp/big"
	start=$SECONDS
	if "$unit" load "$tmp/big" >"$tmp/big.out" 2>&1 &&
	   ((SECONDS - start < 10)) &&
	   [[ $(grep -c '^# part' "$tmp/big.out") -gt 1 ]] &&
	   [[ $(head -n 1 "$tmp/big.out") == "# part 1 begin" ]] &&
	   [[ $(grep '^# part' "$tmp/big.out" | tail -n 1) == *" commit" ]] &&
	   [[ $(grep -c 'begin\|commit' "$tmp/big.out") -eq 2 ]] &&
	   diff -q <(grep -v '^#' "$tmp/big.out" | sed 's/ # line [0-9]*$//') "$tmp/big" >/dev/null &&
	   diff -q <(sed -n 's/.* # line \([0-9]*\)$/\1/p' "$tmp/big.out") <(seq 2 100001) >/dev/null
	then ((pass++)); else ((fail++)); echo "FAIL: ruleset load of 100000 rules"; fi

	# A malformed SA is refused whole: nothing printed.
	bin=$unit	# what expect runs, from here on
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.FAMILY\)\.$' bad-sa family
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.SADDR\)\.$' bad-sa addr-len
	expect 1 '' '^Error: malformed kernel reply \(missing attribute XFRM_SA\.SPI\)\.$' bad-sa no-spi
	expect 1 '' '^Error: malformed kernel reply \(attribute XFRM_SA\.ESN\)\.$' bad-sa esn
	expect 1 '' '^Error: malformed kernel reply \(missing attribute MACSEC_SECY\.SCI\)\.$' bad-secy no-sci
	expect 1 '' '^Error: malformed kernel reply \(missing attribute MACSEC_SECY\.RXSC\.RXSA\.AN\)\.$' bad-secy no-an
	expect 1 '' '^Error: malformed kernel reply \(missing attribute MACSEC_SECY\.RXSC\.COUNTERS\.ENTRY\.VALUE\)\.$' \
		bad-secy counter
	expect 1 '' '^Error: malformed kernel reply \(attribute MACSEC_SECY\.TXSA\.NEXT_PN\)\.$' bad-secy pn
	expect 1 '' '^Error: malformed kernel reply \(attribute KTLS_CONN\.FAMILY\)\.$' bad-conn family
	expect 1 '' '^Error: malformed kernel reply \(attribute KTLS_CONN\.SADDR\)\.$' bad-conn addr-len
	expect 1 '' '^Error: malformed kernel reply \(missing attribute KTLS_CONN\.DPORT\)\.$' bad-conn no-dport
	expect 1 '' '^Error: malformed kernel reply \(attribute KTLS_CONN\.RECORDS\)\.$' bad-conn records
	expect 1 '' '^Error: malformed kernel reply \(attribute NF_RULE\.SRC\)\.$' bad-rule addr-len
	expect 1 '' '^Error: malformed kernel reply \(attribute NF_RULE\.SRC_LEN\)\.$' bad-rule prefix-len
	expect 1 '' '^Error: malformed kernel reply \(missing attribute NF_RULE\.ACTION\)\.$' bad-rule no-action
	expect 1 '' '^Error: malformed kernel reply \(attribute NF_RULE\.IIF\)\.$' bad-rule ifname
	expect 1 '' '^Error: malformed kernel reply \(missing attribute NF_EVENT\.COMM\)\.$' bad-nf-event no-comm
	expect 1 '' '^Error: malformed kernel reply \(missing attribute NF_RULE\)\.$' bad-nf-event no-rule
	expect 1 '' '^Error: malformed kernel reply \(missing attribute NF_HOOK\.POLICY\)\.$' bad-nf-event no-policy
fi

echo "secnetctl cli tests: $pass passed, $fail failed"
((fail == 0))
