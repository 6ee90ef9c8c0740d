#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Changing state needs CAP_NET_ADMIN over the netns; reading does not.
. "$(dirname "$0")/../lib.sh"

t_plan 9

secnet_load || { fail "secnet.ko loads"; t_done; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

expect_rc "an unprivileged user can read status" 0 nobody secnetctl status
expect_rc "an unprivileged user cannot set state (exit 1)" 1 \
	nobody secnetctl subsys set core state down
expect_match "the refusal says why" "$ERR" 'Operation not permitted|CAP_NET_ADMIN'
run python3 "$NL" send SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2
expect_eq "root can (baseline for the raw request)" "$(jqv "$OUT" .errno)" "0"
secnetctl subsys set core state up

run nobody python3 "$NL" send SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2
expect_eq "unprivileged raw request gets EPERM" "$(jqv "$OUT" .errno)" "1"
expect_eq "nothing changed" "$(secnetctl -j status core | jq -r '.[0].state')" "up"

# Root of a user namespace that does not own the init netns has no say there.
run unshare --user --map-root-user secnetctl subsys set core state down
expect_eq "root of a child user ns is refused in the init netns" "$RC" "1"
# ...but owns a netns it creates, like any netns admin.
run unshare --user --map-root-user --net sh -c \
	'secnetctl subsys set core state down && secnetctl -j status core'
expect_eq "root of a user ns may set state in its own netns" \
	"$(jqv "$OUT" '.[0].state')" "down"
expect_eq "the init netns is untouched" \
	"$(secnetctl -j status core | jq -r '.[0].state')" "up"

t_done
