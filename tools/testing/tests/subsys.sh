#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Feature modules register with the core at any time and leave cleanly,
# also in the middle of a dump that is being read.
. "$(dirname "$0")/../lib.sh"

t_plan 19
secnet_load || { fail "secnet.ko loads"; t_done; }
names() { secnetctl -j status | jq -r '[.[].name] | join(",")'; }

tmp=$(mktemp -d)
secnetctl -j monitor count 7 >"$tmp/ev.json" 2>&1 &
mon=$!
monitor_ready $mon
expect_eq "the monitor is listening" "$?" 0

expect_rc "a feature module loads after the core" 0 secnet_testsub_load count=3
expect_eq "its subsystems are listed in registration order" "$(names)" \
	"core,testsub0,testsub1,testsub2"
expect_rc "a registered subsystem's state can be set" 0 \
	secnetctl subsys set testsub1 state down
expect_eq "and reads back" \
	"$(secnetctl -j status testsub1 | jq -r '.[0].state')" "down"
expect_rc "the core cannot leave while a feature uses it" 1 rmmod secnet
expect_rc "the feature module unloads" 0 rmmod secnet_testsub
expect_eq "its subsystems are gone" "$(names)" "core"
wait_for 20 $mon
expect_eq "monitor saw 3 adds, the change and 3 dels" \
	"$(jq -r .event "$tmp/ev.json" | sort | uniq -c | awk '{print $2 $1}' | tr '\n' ' ')" \
	"add3 change1 del3 "

expect_rc "it loads again" 0 secnet_testsub_load count=3
expect_eq "with its state fresh (up)" \
	"$(secnetctl -j status testsub1 | jq -r '.[0].state')" "up"
rmmod secnet_testsub

# A dump of 200 subsystems spans many messages; the module leaves after the
# first one was read.  The dump must end cleanly and say it was interrupted.
expect_rc "200 subsystems register" 0 secnet_testsub_load count=200
expect_eq "all are listed" "$(secnetctl -j status | jq length)" "201"
run python3 "$NL" slowdump GET_STATUS --pause-after 1 --run 'rmmod secnet_testsub'
expect_eq "rmmod during a half-read dump succeeds" "$(jqv "$OUT" .ran)" "0"
expect_eq "the dump ends without error" "$(jqv "$OUT" .errno)" "0"
expect_eq "the dump is flagged NLM_F_DUMP_INTR" "$(jqv "$OUT" .intr)" "true"
msgs=$(jqv "$OUT" .messages)
if [ "${msgs:-999}" -lt 201 ]; then
	ok "the dump stopped listing unregistered subsystems ($msgs of 201 messages)"
else
	fail "the dump stopped listing unregistered subsystems" "$OUT"
fi
expect_eq "only the core remains" "$(names)" "core"
expect_rc "secnet unloads after that" 0 rmmod secnet
rm -rf "$tmp"

t_done
