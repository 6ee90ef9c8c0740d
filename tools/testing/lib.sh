# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the integration tests, sourced by each tests/*.sh.  A test
# declares first how many checks it runs (t_plan N: the TAP plan "1..N"),
# then prints one "ok NAME" or "not ok NAME" line per check, with "# " lines
# explaining a failure, and ends with t_done.  tools/testing/guest counts
# the lines: a test that runs fewer or more checks than it planned, dies,
# or overruns its time fails as a whole.
#
# Environment (set by tools/testing/guest): SECNET_FLAVOR (stock|debug),
# SECNET_MODDIR (the tree the modules were built in), SECNET_REPO; from the
# caller, SECNET_TEST_TRACE (below).

: "${SECNET_REPO:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SECNET_FLAVOR:=stock}"
: "${SECNET_MODDIR:=$SECNET_REPO/.build/$SECNET_FLAVOR/src}"
SECNETCTL="$SECNET_REPO/tools/secnetctl/secnetctl"
NL="$SECNET_REPO/tools/testing/nl.py"
PATH="$SECNET_REPO/tools/secnetctl:$PATH"
# The tests' python ends import what they share (netns.py) from here.
export PYTHONPATH="$SECNET_REPO/tools/testing${PYTHONPATH:+:$PYTHONPATH}"

# Under emulation every process costs 0.1 to 0.5 s: the helpers below
# start none of their own.
T_NAME=${0##*/}
T_NAME=${T_NAME%.sh}
T_FAILED=0
T_NETNS=()
T_RUN=/run/secnet-test.$$

# t_plan N [N_DEBUG]: the number of checks this test runs; N_DEBUG, if
# given, in the debug guest.
t_plan() {
	if [ "$SECNET_FLAVOR" = debug ] && [ $# -gt 1 ]; then
		echo "1..$2"
	else
		echo "1..$1"
	fi
}

# t_time NAME: on stderr (the guest's log), the seconds the test has run by
# the end of check NAME, to find where a test's time goes.
t_time() { echo "# $SECNET_FLAVOR/$T_NAME +${SECONDS}s: $1" >&2; }

ok() {
	echo "ok $SECNET_FLAVOR/$T_NAME: $*"
	t_time "$*"
}

fail() {
	local name=$1
	shift
	echo "not ok $SECNET_FLAVOR/$T_NAME: $name"
	t_time "$name"
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
	T_FAILED=1
}

# slurp VAR FILE: FILE's contents in VAR, trailing newlines cut as $(...)
# would.
slurp() {
	local -n slurped=$1
	slurped=
	[ -e "$2" ] || return 0
	IFS= read -r -d '' slurped <"$2"
	while [[ $slurped == *$'\n' ]]; do
		slurped=${slurped%$'\n'}
	done
}

# run CMD...: runs it, leaving its exit status in RC and output in OUT/ERR.
run() {
	"$@" >"$T_RUN.out" 2>"$T_RUN.err"
	RC=$?
	slurp OUT "$T_RUN.out"
	slurp ERR "$T_RUN.err"
}

# expect_rc NAME WANT CMD...: CMD exits with WANT.
expect_rc() {
	local name=$1 want=$2
	shift 2
	run "$@"
	if [ "$RC" -eq "$want" ]; then
		ok "$name"
	else
		fail "$name" "command: $*" "exit status $RC, expected $want" \
			"stdout: $OUT" "stderr: $ERR"
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1" "got:      $2" "expected: $3"
	fi
}

# nap SECS: sleep(1) without a process: a read that times out on a pipe
# nobody writes to.
exec {T_NAP_FD}<> <(:)
nap() { read -rt "$1" -u "$T_NAP_FD" _; return 0; }

# matches TEXT REGEX: some line of TEXT matches the extended REGEX, as with
# grep -E.
matches() {
	local line lines=()
	[ -z "$1" ] || readarray -t lines <<<"$1"
	for line in "${lines[@]}"; do
		[[ $line =~ $2 ]] && return 0
	done
	return 1
}

# expect_match NAME TEXT REGEX (extended)
expect_match() {
	if matches "$2" "$3"; then
		ok "$1"
	else
		fail "$1" "text: $2" "does not match: $3"
	fi
}

# expect_no_match NAME TEXT REGEX (extended)
expect_no_match() {
	if matches "$2" "$3"; then
		fail "$1" "text: $2" "matches, but must not: $3"
	else
		ok "$1"
	fi
}

# monitor_ready PID: waits, up to 10 s, until the monitor PID (secnetctl
# monitor, started in the background) has joined its multicast group: its
# generic-netlink socket shows a group in its namespace's
# /proc/net/netlink (columns: sk Eth Pid Groups ...).
monitor_ready() {
	local pid=$1 i f
	for ((i = 0; i < 100; i++)); do
		[ -r "/proc/$pid/net/netlink" ] || return 1
		while read -r -a f; do
			[ "${f[1]}" = 16 ] && [ "${f[2]}" = "$pid" ] &&
				[ "${f[3]}" != 00000000 ] && return 0
		done <"/proc/$pid/net/netlink"
		nap 0.1
	done
	return 1
}

# wait_for SECS PID...: waits for each PID to end, SECS in all at most;
# what still runs then is killed.  Returns 1 if anything had to be.
wait_for() {
	local limit=$(($1 * 10)) pid rc=0 i=0
	shift
	for pid in "$@"; do
		while kill -0 "$pid" 2>/dev/null && ((i++ < limit)); do
			nap 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null
			rc=1
		fi
		wait "$pid" 2>/dev/null
	done
	return $rc
}

# jqv JSON FILTER: one value, raw.
jqv() { printf '%s' "$1" | jq -r "$2" 2>/dev/null; }

ko() { echo "$SECNET_MODDIR/$1"; }

secnet_load() {
	insmod "$(ko kmod/secnet.ko)" "$@"
}

secnet_testsub_load() {
	insmod "$(ko tools/testing/modules/secnet_testsub.ko)" "$@"
}

# Unloads every secnet module, feature modules first.
secnet_unload_all() {
	local m
	for m in $(lsmod | awk '$1 ~ /^secnet_/ { print $1 }') secnet; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	return 0
}

# coproc_ask NAME SECS CMD...: one command line to the coprocess NAME (a
# test's python end), and its one-line answer, waited for SECS at most.
coproc_ask() {
	local -n _cp=$1
	local got=
	echo "${*:3}" >&"${_cp[1]}"
	read -r -t "$2" got <&"${_cp[0]}"
	echo "$got"
}

# deltas "A B..." "A' B'...": A' - A, B' - B, ...; a value that is not a
# number (a counter missing: "-") leaves "?" in its place.
deltas() {
	local a b i out=()
	read -r -a a <<<"$1"
	read -r -a b <<<"$2"
	for i in "${!a[@]}"; do
		if [[ ${a[i]} =~ ^[0-9]+$ && ${b[i]:-} =~ ^[0-9]+$ ]]; then
			out+=($((b[i] - a[i])))
		else
			out+=("?")
		fi
	done
	echo "${out[*]}"
}

# The kernel log since kmsg_mark was last called by this test.
kmsg_mark() {
	T_MARK="secnet-test: $T_NAME $$ $RANDOM"
	echo "$T_MARK" >/dev/kmsg
}

kmsg_since_mark() {
	dmesg | sed -n "/$T_MARK/,\$p" | sed 1d
}

netns_add() {
	ip netns add "$1" && T_NETNS+=("$1")
}

# nf_load [MODULE...]: the kernel modules secnet_nf.ko uses (stock Debian
# has conntrack and the reject helpers as modules) and any others given,
# then secnet_nf.ko itself, as a check.
nf_load() {
	modprobe -q -a nf_conntrack nf_reject_ipv4 nf_reject_ipv6 "$@" 2>/dev/null
	expect_rc "secnet_nf.ko loads" 0 insmod "$(ko netfilter/secnet_nf.ko)"
}

# veth_link NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B: a veth pair between two
# namespaces, each end with its ADDR/LEN, and up.
veth_link() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" &&
		ip -n "$1" addr add "$3" dev "$2" &&
		ip -n "$4" addr add "$6" dev "$5" &&
		ip -n "$1" link set "$2" up &&
		ip -n "$4" link set "$5" up
}

t_cleanup() {
	local ns
	rm -f "$T_RUN.out" "$T_RUN.err"
	for ns in "${T_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	secnet_unload_all
}
trap t_cleanup EXIT

# SECNET_TEST_TRACE=1: every command the test runs, with the time it
# started, on stderr (.build/results/FLAVOR.err): where a slow test spends
# its time.
if [ -n "${SECNET_TEST_TRACE:-}" ]; then
	PS4='+ $EPOCHREALTIME ${BASH_SOURCE[0]##*/}:$LINENO: '
	set -x
fi

t_done() {
	exit "$T_FAILED"
}
