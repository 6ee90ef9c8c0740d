#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# Rate and connection limits in firewall rules, on real traffic: "cl" holds
# two sources, 10.9.7.1 (A) and 10.9.7.3 (B), "sv" (10.9.7.2) the rules.
# A limit of one bucket lets about rate * t + burst of a burst through and
# sends the rest on to the next rule; a per-source limit holds back A alone
# while B passes untouched; the drops reach monitor summed per source and
# interval; "ct count over 2" refuses A's third TCP connection while B
# connects; bad limits are refused naming the field and change nothing;
# the module unloads with limits and traffic present.
. "$(dirname "$0")/../lib.sh"

t_plan 34

CL=sn-lim-cl SV=sn-lim-sv A=10.9.7.1 B=10.9.7.3
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load
netns_add $CL
netns_add $SV
veth_link $CL veth-cl $A/24 $SV veth-sv 10.9.7.2/24
ip -n $CL addr add $B/24 dev veth-cl
sv() { secnetctl -n $SV "$@"; }

# The traffic, from one python process: "burst SRC PORT N" sends N UDP
# datagrams from SRC as fast as it can and says how long that took (s);
# "tcp SRC" opens a TCP connection from SRC to sv's port 7001 and keeps it
# ("ok" or "refused"); "close SRC" closes the oldest one kept from SRC;
# "flood SECS" sends from A for SECS seconds.
LIM_PY='
import socket, struct, sys, time
from netns import enter
cl, sv = sys.argv[1:]
enter(sv)
listener = socket.socket()
listener.bind(("10.9.7.2", 7001))
listener.listen(16)
enter(cl)
kept = {}
def udp(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    return s
def burst(src, port, n):
    s = udp(src)
    t = time.monotonic()
    for _ in range(int(n)):
        s.sendto(b"x" * 32, ("10.9.7.2", int(port)))
    return "%.3f" % (time.monotonic() - t)
def tcp(src):
    c = socket.socket()
    c.settimeout(3)
    c.bind((src, 0))
    try:
        c.connect(("10.9.7.2", 7001))
    except ConnectionRefusedError:
        return "refused"
    kept.setdefault(src, []).append(c)
    return "ok"
def close(src):
    c = kept[src].pop(0)
    # A reset: conntrack sees the connection closed at once.
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    return "closed"
def flood(secs):
    s, n, end = udp("10.9.7.1"), 0, time.monotonic() + float(secs)
    while time.monotonic() < end:
        s.sendto(b"x" * 32, ("10.9.7.2", 9000))
        n += 1
    return str(n)
print("ready", flush=True)
for line in sys.stdin:
    what, *args = line.split()
    try:
        print({"burst": burst, "tcp": tcp, "close": close,
               "flood": flood}[what](*args), flush=True)
    except OSError as e:
        print("error", e, flush=True)
'
coproc LIM { python3 -c "$LIM_PY" $CL $SV 2>&1; }
tmp=$(mktemp -d)
trap 'kill $LIM_PID $(jobs -p) 2>/dev/null; rm -rf "$tmp"; t_cleanup' EXIT
read -r -t 30 ready <&"${LIM[0]}"
expect_eq "the traffic helper is up" "$ready" ready
lim() { coproc_ask LIM 20 "$@"; }
# rules: the rule list, one "handle packets drops sources" line per rule.
rules() {
	sv -j rule list | jq -r '.[] | "\(.handle) \(.packets) \(.limit.drops // "-") \(.limit.sources // "-")"'
}
# field HANDLE N: the Nth field of rule HANDLE's line of $RULES.
field() { awk -v h="$1" -v n="$2" '$1 == h { print $n }' <<<"$RULES"; }
# within NAME GOT LO HI: LO <= GOT <= HI (integers).
within() {
	if [[ $2 =~ ^[0-9]+$ ]] && (($3 <= $2 && $2 <= $4)); then
		ok "$1"
	else
		fail "$1" "got: $2" "expected from $3 to $4"
	fi
}

secnetctl -n $SV -j monitor >"$tmp/mon.json" 2>&1 &
mon=$!
monitor_ready $mon
expect_eq "the monitor is listening" "$?" 0

# The rules, each limited one followed by one that takes what it passes on.
cat >"$tmp/rules" <<'EOF'
rule hook input handle 1 proto udp dport 9000 limit rate 50/second burst 10 action accept
rule hook input handle 2 proto udp dport 9000 action drop
rule hook input handle 3 proto udp dport 9001 limit rate over 20/second burst 5 per src action drop
rule hook input handle 4 proto udp dport 9001 action accept
rule hook input handle 5 proto tcp ct-state new ct count over 2 action reject
EOF
expect_rc "rules with rate and connection limits load" 0 sv ruleset load "$tmp/rules"
run sv rule list hook input
expect_match "a limit lists with every default spelled out" "$OUT" \
	'^hook input handle 1 proto udp dport 9000 limit rate 50/second burst 10 packets action accept packets 0 bytes 0 limit-drops 0$'
expect_match "per source, with the table's size and sources" "$OUT" \
	'^hook input handle 3 proto udp dport 9001 limit rate over 20/second burst 5 packets per src v4len /32 v6len /128 max 65536 action drop packets 0 bytes 0 limit-drops 0 limit-sources 0$'
expect_match "a connection limit lists" "$OUT" \
	'^hook input handle 5 proto tcp ct-state new ct count over 2 action reject '

# --- one bucket: rate * t + burst go through, the rest to the next rule -----
secs=$(lim burst $A 9000 300)
RULES=$(rules)
# 50 a second, and one token more that may fall as the burst starts.
max=$(awk -v t="$secs" 'BEGIN { printf "%d", 10 + 50 * t + 1 }')
within "about rate * t + burst went through ($secs s)" "$(field 1 2)" 10 "$max"
expect_eq "the rest went on to the next rule" "$(( $(field 1 2) + $(field 2 2) ))" 300
expect_eq "the limit counts them as drops" "$(field 1 3)" "$(field 2 2)"

# --- per source: A is held back, B untouched; drops reach monitor -----------
secs=$(lim burst $A 9001 200)
lim burst $B 9001 5 >/dev/null
RULES=$(rules)
max=$(awk -v t="$secs" 'BEGIN { printf "%d", 5 + 5 + 20 * t + 1 }')
within "A got about rate * t + burst through, B all 5 ($secs s)" "$(field 4 2)" 10 "$max"
expect_eq "the rule matched the rest of A's, over the rate" \
	"$(( $(field 3 2) + $(field 4 2) ))" 205
expect_eq "two sources tracked" "$(field 3 4)" 2
# The summaries come within a second; wait for two intervals.
nap 1.5
kill $mon
wait $mon 2>/dev/null
ev=$(jq -c 'select(.event == "limit")' "$tmp/mon.json")
expect_eq "the events sum A's drops" \
	"$(jq -s 'map(select(.handle == 3 and .src == "10.9.7.1/32") | .drops) | add' <<<"$ev")" \
	"$(field 3 2)"
expect_eq "none for B, within its burst" \
	"$(jq -s 'map(select(.src == "10.9.7.3/32")) | length' <<<"$ev")" 0
within "a summary per interval, not a message per packet" \
	"$(jq -s 'map(select(.handle == 3)) | length' <<<"$ev")" 1 3
expect_eq "and rule 1's, of its one bucket" \
	"$(jq -s 'map(select(.handle == 1) | .drops) | add' <<<"$ev")" "$(field 1 3)"
run jq -r 'select(.event == "limit") | .hook' "$tmp/mon.json"
expect_match "with their hook" "$OUT" '^input$'

# --- ct count over 2: A's third connection is refused, B connects -----------
got="$(lim tcp $A) $(lim tcp $A) $(lim tcp $A) $(lim tcp $B)"
expect_eq "A's third connection is refused, B's goes through" "$got" "ok ok refused ok"
lim close $A >/dev/null
# Its FIN and conntrack's state go first; nf_conncount then lets it go.
nap 0.5
expect_eq "once A closes one, it may open another" "$(lim tcp $A)" ok
expect_eq "conntrack runs in sv for it" \
	"$(ip netns exec $SV cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null | awk '{ print ($1 > 0) }')" 1

# --- bad input: refused naming the field, nothing changed -------------------
before=$(sv rule list)
expect_rc "rate 0 is refused" 1 sv rule add hook input limit rate 0/second action drop
expect_match "naming the field" "$ERR" '^Error: limit: rate must be from 1 to 2\^34 a second\.$'
expect_rc "burst 0 is refused" 1 sv rule add hook input limit rate 1/second burst 0 action drop
expect_match "naming the field" "$ERR" 'limit: burst must be from 1 to 2\^40'
expect_rc "a table of 2 sources is refused" 1 \
	sv rule add hook input limit rate 1/second per src max 2 action drop
expect_match "naming the field" "$ERR" 'limit: max must be from 4 to 1048576'
expect_rc "a limit on a count rule is refused" 1 \
	sv rule add hook input limit rate 1/second action count
expect_rc "ct count at ingress is refused" 1 \
	sv rule add hook ingress iif veth-sv ct count over 1 action drop
expect_match "naming the field" "$ERR" 'ct-count: conntrack has not seen packets at ingress'
printf 'rule hook input action accept\nrule hook input limit rate 5/second burst 0 action drop\n' >"$tmp/bad"
expect_rc "a ruleset with a bad limit is refused" 1 sv ruleset load "$tmp/bad"
expect_match "with its line" "$ERR" '2: limit: burst must be from 1 to 2\^40'
expect_eq "nothing changed" "$(sv rule list | sed 's/ packets .*//')" \
	"$(sed 's/ packets .*//' <<<"$before")"

# --- the module goes with limits and traffic present ------------------------
echo "flood 1" >&"${LIM[1]}"
nap 0.5
expect_rc "secnet_nf unloads with limits and traffic" 0 rmmod secnet_nf
read -r -t 10 _ <&"${LIM[0]}"
t_done
