#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# secnetctl status: subsystems with state and counters, text and JSON.
. "$(dirname "$0")/../lib.sh"

t_plan 17

secnet_load || { fail "secnet.ko loads"; t_done; }

expect_rc "status exits 0" 0 secnetctl -s status
expect_match "status text shows core up" "$OUT" 'core.*up'
expect_match "status -s text shows the core counters" "$OUT" 'requests'

run secnetctl -j status
json=$OUT
expect_eq "status -j: one subsystem" "$(jqv "$json" length)" "1"
expect_eq "status -j: name" "$(jqv "$json" '.[0].name')" "core"
expect_eq "status -j: state" "$(jqv "$json" '.[0].state')" "up"
expect_eq "status -j: version" "$(jqv "$json" '.[0].version')" "0.1.0"
expect_eq "status -j: feature" "$(jqv "$json" '.[0].feature')" "core"
expect_eq "status -j: counters are numbers" \
	"$(jqv "$json" '.[0].counters | map_values(type) | [.[]] | unique | join(",")')" "number"
expect_eq "status -j: names are strings" \
	"$(jqv "$json" '.[0] | [.name, .state, .feature, .version] | map(type) | unique | join(",")')" "string"

before=$(jqv "$json" '.[0].counters.requests')
for _ in 1 2 3; do secnetctl version >/dev/null; done
after=$(secnetctl -j status core | jq -r '.[0].counters.requests')
expect_eq "requests counts every request (3 versions + 1 status)" \
	"$after" "$((before + 4))"

expect_rc "status core (one subsystem) exits 0" 0 secnetctl -j status show core
expect_eq "status core shows only core" "$(jqv "$OUT" '[.[].name] | join(",")')" "core"
expect_rc "status of an unknown subsystem exits 1" 1 secnetctl status nosuch
expect_match "status of an unknown subsystem names the subsystem typed" "$ERR" \
	'^Error: subsys nosuch: no such subsystem'
expect_rc "subsys show equals status" 0 secnetctl -j subsys show
expect_eq "subsys show -j lists core" "$(jqv "$OUT" '.[0].name')" "core"

t_done
