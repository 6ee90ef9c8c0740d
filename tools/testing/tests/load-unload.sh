#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 50 load/unload cycles with state, namespaces and a feature module present.
. "$(dirname "$0")/../lib.sh"

netns_add sn-cyc
bad=0
for i in $(seq 50); do
	if ! secnet_load ||
	   ! secnet_testsub_load count=2 ||
	   ! secnetctl -n sn-cyc subsys set testsub1 state down >/dev/null ||
	   ! secnetctl -j status >/dev/null ||
	   ! rmmod secnet_testsub || ! rmmod secnet; then
		bad=$i
		break
	fi
done
expect_eq "50 load/unload cycles succeed" "$bad" "0"
expect_eq "nothing left loaded" "$(lsmod | grep -c '^secnet')" "0"
expect_no_match "the kernel log has no secnet error" "$(dmesg | grep -E 'secnet(_[a-z]+)?:' | grep -v 'taints kernel\|verification failed')" \
	'error|fail|leak|BUG|WARN'

t_done
