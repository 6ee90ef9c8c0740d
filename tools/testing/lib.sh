# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the integration tests, sourced by each tests/*.sh.  A test
# prints one "ok NAME" or "not ok NAME" line per check, with "# " lines
# explaining a failure; tools/testing/guest counts them.
#
# Environment (set by tools/testing/guest): SECNET_FLAVOR (stock|debug),
# SECNET_MODDIR (the tree the modules were built in), SECNET_REPO.

: "${SECNET_REPO:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SECNET_FLAVOR:=stock}"
: "${SECNET_MODDIR:=$SECNET_REPO/.build/$SECNET_FLAVOR/src}"
SECNETCTL="$SECNET_REPO/tools/secnetctl/secnetctl"
NL="$SECNET_REPO/tools/testing/nl.py"
PATH="$SECNET_REPO/tools/secnetctl:$PATH"

T_NAME=$(basename "$0" .sh)
T_FAILED=0
T_NETNS=()

ok() { echo "ok $SECNET_FLAVOR/$T_NAME: $*"; }

fail() {
	local name=$1
	shift
	echo "not ok $SECNET_FLAVOR/$T_NAME: $name"
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
	T_FAILED=1
}

# run CMD...: runs it, leaving its exit status in RC and output in OUT/ERR.
run() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$@" >"$o" 2>"$e"
	RC=$?
	OUT=$(cat "$o") ERR=$(cat "$e")
	rm -f "$o" "$e"
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

# expect_match NAME TEXT REGEX (extended)
expect_match() {
	if printf '%s' "$2" | grep -Eq -- "$3"; then
		ok "$1"
	else
		fail "$1" "text: $2" "does not match: $3"
	fi
}

# expect_no_match NAME TEXT REGEX (extended)
expect_no_match() {
	if printf '%s' "$2" | grep -Eq -- "$3"; then
		fail "$1" "text: $2" "matches, but must not: $3"
	else
		ok "$1"
	fi
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

t_cleanup() {
	local ns
	for ns in "${T_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	secnet_unload_all
}
trap t_cleanup EXIT

t_done() {
	exit "$T_FAILED"
}
