#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 50 load/unload cycles (20 in the debug kernel) with state, namespaces and
# a feature module present, the way a machine does it: modprobe loads the
# core with the feature.
. "$(dirname "$0")/../lib.sh"

t_plan 3

modprobe -n secnet_testsub 2>/dev/null ||
	{ fail "modprobe finds the installed test modules"; t_done; }

# The debug kernel checks each cycle for leaks, bad accesses and lock
# order: 20 there, at 2 s a cycle, find what 50 would.
cycles=50
[ "$SECNET_FLAVOR" = debug ] && cycles=20

netns_add sn-cyc
kmsg_mark
bad=0
for ((i = 1; i <= cycles; i++)); do
	if ! modprobe secnet_testsub count=2 ||
	   ! secnetctl -n sn-cyc subsys set testsub1 state down >/dev/null ||
	   ! modprobe -r secnet_testsub; then
		bad=$i
		break
	fi
done
expect_eq "$cycles load/unload cycles succeed" "$bad" "0"
expect_eq "nothing left loaded" "$(lsmod | grep -c '^secnet')" "0"
expect_no_match "the kernel log has no secnet error" "$(kmsg_since_mark | grep -E 'secnet(_[a-z]+)?:' | grep -v 'taints kernel\|verification failed')" \
	'error|fail|leak|BUG|WARN'

t_done
