#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# State and counters are per network namespace.
. "$(dirname "$0")/../lib.sh"

t_plan 12

secnet_load || { fail "secnet.ko loads"; t_done; }
netns_add sn-a
netns_add sn-b
state() { secnetctl "$@" -j status core | jq -r '.[0].state'; }
requests() { secnetctl "$@" -j status core | jq -r '.[0].counters.requests'; }

expect_eq "a new netns starts up" "$(state -n sn-a)" "up"
expect_rc "set core down in sn-a" 0 secnetctl -n sn-a subsys set core state down
expect_eq "sn-a is down" "$(state -n sn-a)" "down"
expect_eq "sn-b is still up" "$(state -n sn-b)" "up"
expect_eq "the init netns is still up" "$(state)" "up"

rb=$(requests -n sn-b)
for _ in 1 2 3 4 5; do secnetctl -n sn-a version >/dev/null; done
expect_eq "requests in sn-a do not count in sn-b" "$(requests -n sn-b)" "$((rb + 1))"

expect_rc "a netns with state set can be deleted" 0 ip netns del sn-a
netns_add sn-a
expect_eq "a netns of the same name starts afresh" "$(state -n sn-a)" "up"
expect_rc "set back up" 0 secnetctl -n sn-a subsys set core state down
expect_rc "secnet unloads with namespaces holding state" 0 rmmod secnet
expect_rc "and loads again" 0 secnet_load
expect_eq "state does not survive the module" "$(state -n sn-a)" "up"

t_done
