#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input is refused with a message naming the field, and changes nothing.
# The CLI's own checks first, then requests secnetctl would never send.
. "$(dirname "$0")/../lib.sh"

secnet_load || { fail "secnet.ko loads"; t_done; }
state() { secnetctl -j status core | jq -r '.[0].state'; }
errors() { secnetctl -j status core | jq -r '.[0].counters.errors'; }

# The CLI: usage errors exit 2 and name the word.
expect_rc "unknown object exits 2" 2 secnetctl frobnicate
expect_match "unknown object is named" "$ERR" '"frobnicate" is unknown'
expect_rc "unknown command exits 2" 2 secnetctl subsys frob
expect_match "unknown command is named" "$ERR" '"frob"'
expect_rc "bad state value exits 2" 2 secnetctl subsys set core state sideways
expect_match "bad state value is named" "$ERR" 'sideways'
expect_rc "missing state exits 2" 2 secnetctl subsys set core
expect_match "missing state is named" "$ERR" 'state'
expect_rc "abbreviations are not guessed" 2 secnetctl stat

# The kernel: each refusal carries an extack message and the attribute.
# WHAT;ERRNO;REGEX over "ATTRIBUTE|MESSAGE";REQUEST
refusals=(
	"a state out of range;34;SUBSYS\.STATE;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:9"
	"a state of the wrong size;22;SUBSYS\.STATE;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u32:2"
	"an unknown attribute in a nest;22;SUBSYS\.99;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2 SUBSYS.99=u32:1"
	"an unknown top-level attribute;22;^9\|;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2 9=u32:1"
	"a top-level attribute that is not a nest;22;^SUBSYS\|;SET_SUBSYS SUBSYS=u32:1"
	"a name that is not NUL-terminated;22;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=bytes:core SUBSYS.STATE=u8:2"
	"a name longer than 15 bytes;22;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=str:abcdefghijklmnopq SUBSYS.STATE=u8:2"
	"an unknown subsystem;19;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=str:nosuch SUBSYS.STATE=u8:2"
	"a missing name;22;SUBSYS\.NAME: required;SET_SUBSYS SUBSYS.STATE=u8:2"
	"a missing state;22;SUBSYS\.STATE: required;SET_SUBSYS SUBSYS.NAME=str:core"
	"a missing SUBSYS nest;22;SUBSYS: required;SET_SUBSYS"
	"a notification-only command;95;notification only;SUBSYS_NTF"
	"an attribute a command does not take;22;^VERSION\|;GET_VERSION VERSION.GENL=u32:1"
)
e0=$(errors)
replies=$(printf '%s\n' "${refusals[@]}" | cut -d';' -f4 | python3 "$NL" batch)
fields=$(jq -r '[.errno, .msg // "", .attr // ""] | join(";")' <<<"$replies")
i=0
for r in "${refusals[@]}"; do
	IFS=';' read -r what want where _ <<<"$r"
	i=$((i + 1))
	IFS=';' read -r got msg attr <<<"$(sed -n "${i}p" <<<"$fields")"
	if [ "$got" = "$want" ] && [ -n "$msg" ] &&
	   printf '%s|%s' "$attr" "$msg" | grep -Eq -- "$where"; then
		ok "kernel refuses $what (errno $want, \"$msg\", ${attr:-no attribute})"
	else
		fail "kernel refuses $what" "reply: $(sed -n "${i}p" <<<"$replies")" \
			"expected errno $want, an extack message, and /$where/ in \"$attr|$msg\""
	fi
done

expect_eq "nothing changed: core still up" "$(state)" "up"
e1=$(errors)
# The genetlink core itself refuses the two malformed top-level attributes
# before secnet sees the request; secnet counts the other eleven.
expect_eq "refusals by secnet counted in core's errors counter" "$((e1 - e0))" "11"

# secnetctl shows the kernel's message with the attribute.
expect_rc "secnetctl: unknown subsystem exits 1" 1 \
	secnetctl subsys set nosuch state down
expect_match "secnetctl prints the extack message" "$ERR" \
	'^Error: .*SUBSYS\.NAME'
expect_eq "nothing changed after secnetctl's refusal" "$(state)" "up"

t_done
