#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The "events" group: state changes reach listeners in the same netns only.
. "$(dirname "$0")/../lib.sh"

secnet_load || { fail "secnet.ko loads"; t_done; }
netns_add sn-ev

tmp=$(mktemp -d)
secnetctl -j monitor count 1 >"$tmp/init.json" 2>&1 &
m_init=$!
secnetctl -n sn-ev -j monitor count 1 >"$tmp/ns.json" 2>&1 &
m_ns=$!
sleep 1

secnetctl -n sn-ev subsys set core state down
secnetctl -n sn-ev subsys set core state down  # no change, no event
secnetctl subsys set core state down
wait $m_ns $m_init

expect_eq "sn-ev sees its change" "$(jq -r '[.event, .name, .state] | join(" ")' "$tmp/ns.json")" \
	"change core down"
expect_eq "init sees only its own change (one event)" "$(wc -l <"$tmp/init.json")" "1"
expect_eq "init's event is about core going down" "$(jq -r .state "$tmp/init.json")" "down"

secnetctl monitor count 1 >"$tmp/text" 2>&1 &
m=$!
sleep 1
secnetctl subsys set core state up
wait $m
expect_match "monitor text shows the change" "$(cat "$tmp/text")" 'core.*up'
ev=$(secnetctl -j status core | jq -r '.[0].counters.events')
expect_eq "core counts the events it sent" "$ev" "2"
rm -rf "$tmp"

t_done
