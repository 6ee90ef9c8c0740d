#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The "events" group: state changes reach listeners in the same netns only.
. "$(dirname "$0")/../lib.sh"

t_plan 8
secnet_load || { fail "secnet.ko loads"; t_done; }
netns_add sn-ev

tmp=$(mktemp -d)
secnetctl -j monitor count 2 >"$tmp/init.json" 2>&1 &
m_init=$!
secnetctl -n sn-ev -j monitor count 1 >"$tmp/ns.json" 2>&1 &
m_ns=$!
monitor_ready $m_init && monitor_ready $m_ns
expect_eq "both monitors are listening" "$?" 0

# sn-ev goes down first; init goes down, then up.  Were sn-ev's event to
# leak, init's monitor would read "down down", and sn-ev's would stop at
# one event either way.
secnetctl -n sn-ev subsys set core state down
secnetctl -n sn-ev subsys set core state down  # no change, no event
secnetctl subsys set core state down
secnetctl subsys set core state up
wait_for 20 $m_ns $m_init
expect_eq "both monitors got their events in time" "$?" 0

expect_eq "sn-ev sees its change" "$(jq -r '[.event, .name, .state] | join(" ")' "$tmp/ns.json")" \
	"change core down"
expect_eq "init sees only its own changes, in order" \
	"$(jq -r .state "$tmp/init.json" | tr '\n' ' ')" "down up "

secnetctl monitor count 1 >"$tmp/text" 2>&1 &
m=$!
monitor_ready $m
expect_eq "the text monitor is listening" "$?" 0
secnetctl subsys set core state down
wait_for 20 $m
expect_eq "it got the event in time" "$?" 0
expect_match "monitor text shows the change" "$(cat "$tmp/text")" 'core.*down'
ev=$(secnetctl -j status core | jq -r '.[0].counters.events')
expect_eq "core counts the events it sent in init" "$ev" "3"
rm -rf "$tmp"

t_done
