#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# The firewall, secnet_nf: two namespaces over a veth pair, "cl" (client,
# 10.9.0.1) and "sv" (server, 10.9.0.2), rules at the server.  Rules allow
# and block ping, TCP and UDP as written; counters count; reject answers; the
# ingress hook drops before conntrack; no rule at any hook is bypassed by a
# TCP header split over two fragments; a ruleset replaced under traffic
# loses nothing both versions accept; bad input changes nothing; rules stay
# in their namespace; namespaces are deleted, and the module unloads, with
# rules and traffic present.
. "$(dirname "$0")/../lib.sh"

t_plan 138 124

CL=sn-nf-cl SV=sn-nf-sv
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load
netns_add $CL
netns_add $SV
veth_link $CL veth-cl 10.9.0.1/24 $SV veth-sv 10.9.0.2/24
ip -n $CL addr add fd09::1/64 dev veth-cl nodad
ip -n $SV addr add fd09::2/64 dev veth-sv nodad
ip -n $SV link set lo up
sv() { secnetctl -n $SV "$@"; }
# A TCP and a UDP echo service at the server.
ip netns exec $SV socat TCP-LISTEN:7001,fork,reuseaddr EXEC:cat &
ip netns exec $SV socat TCP-LISTEN:7002,fork,reuseaddr EXEC:cat &
ip netns exec $SV socat UDP-LISTEN:7003,fork,reuseaddr EXEC:cat &
trap 'kill $(jobs -p) 2>/dev/null; t_cleanup' EXIT

ping_ok() { ip netns exec $CL ping -c1 -W2 10.9.0.2; }
ping6_ok() { ip netns exec $CL ping -6 -c1 -W2 fd09::2; }
# tcp PORT: a line there and back (a blocked SYN times out in 2 s).
tcp() {
	echo hi | ip netns exec $CL socat -t2 - \
		"TCP:10.9.0.2:$1,connect-timeout=2"
}
# udp: prints what came back of a line sent to the UDP echo.
# The reply may take a while in a debug guest on a busy host: a 1 s wait
# once lost it.
udp() {
	echo hi | ip netns exec $CL socat -t3 - UDP:10.9.0.2:7003
}
packets() { sv -j rule list | jq -r ".[] | select(.handle == $1) | .packets"; }

expect_rc "ping passes with no rules" 0 ping_ok
for _ in 1 2 3 4 5 6 7 8 9 10; do
	tcp 7002 >/dev/null 2>&1 && break
	nap 0.3
done
expect_rc "TCP passes with no rules" 0 tcp 7001
expect_eq "no rules, no hooks" "$(sv -j status netfilter | jq -r '.[0].counters.hooks')" 0

# --- allow and block, by protocol and port ---------------------------------
expect_rc "block ping" 0 sv rule add hook input handle 10 proto icmp action drop
expect_rc "ping is blocked" 1 ping_ok
expect_eq "the rule counted the ping" "$(packets 10)" 1
expect_rc "TCP still passes" 0 tcp 7001
expect_rc "block TCP 7001 before the ping rule" 0 \
	sv rule add hook input handle 11 before 10 proto tcp dport 7001 action drop
expect_rc "TCP 7001 is blocked" 1 tcp 7001
expect_rc "TCP 7002 passes" 0 tcp 7002
run udp
expect_eq "UDP passes" "$OUT" hi
expect_rc "block UDP" 0 sv rule add hook input proto udp dport 7000-7010 action drop
run udp
expect_eq "UDP is blocked" "$OUT" ""
run sv rule list
expect_match "list shows the rules in position order" "$OUT" \
	'^hook input handle 11 proto tcp dport 7001 action drop packets [1-9]'
expect_rc "IPv6 ping passes: the ICMP rule is IPv4's" 0 ping6_ok
expect_rc "block IPv6 echo requests from the client" 0 \
	sv rule add hook input handle 12 src fd09::1/128 proto icmpv6 icmp-type echo-request action drop
expect_rc "IPv6 ping is blocked" 1 ping6_ok
expect_eq "the IPv6 rule counted it" "$(packets 12)" 1
expect_rc "delete the ping rule" 0 sv rule del handle 10
expect_rc "ping passes again" 0 ping_ok
expect_rc "IPv6 is still blocked" 1 ping6_ok
expect_rc "flush input" 0 sv rule flush hook input
expect_rc "TCP 7001 passes after the flush" 0 tcp 7001

# --- a rule counts at output, where the sender's task is preemptible: the
# debug kernel (PREEMPT, DEBUG_PREEMPT) names a per-CPU update there -----------
kmsg_mark
expect_rc "count pings at output" 0 \
	sv rule add hook output handle 13 proto icmp action count
expect_rc "the server pings out" 0 ip netns exec $SV ping -c1 -W2 10.9.0.1
expect_eq "the output rule counted the ping" "$(packets 13)" 1
expect_no_match "counting at output is safe from preemption" \
	"$(kmsg_since_mark)" 'in preemptible|BUG:|WARNING:'
expect_rc "flush output" 0 sv rule flush hook output

# --- policy drop with an allow list, conntrack state -------------------------
cat >"$T_RUN.rules" <<'EOF'
# the server: established traffic, new SSH-like TCP 7002, ping
policy input drop
rule hook input handle 1 ct-state established,related action accept
rule hook input handle 2 proto tcp dport 7002 ct-state new action accept
rule hook input handle 3 proto icmp icmp-type echo-request action accept
EOF
expect_rc "load an allow list" 0 sv ruleset load "$T_RUN.rules"
expect_rc "allowed: TCP 7002" 0 tcp 7002
expect_rc "not allowed: TCP 7001" 1 tcp 7001
expect_rc "allowed: ping" 0 ping_ok
run udp
expect_eq "not allowed: UDP" "$OUT" ""
expect_match "established packets counted" "$(packets 1)" '^[1-9]'
run sv hook show
expect_match "the policy counted what it dropped" "$OUT" \
	'^input policy drop rules 3 packets [1-9][0-9]* bytes'

# --- show loads back to the same ruleset ------------------------------------
run sv ruleset show
shown=$OUT
printf '%s\n' "$shown" >"$T_RUN.shown"
expect_rc "show loads back" 0 sv ruleset load "$T_RUN.shown"
run sv ruleset show
expect_eq "and shows the same" "$OUT" "$shown"

# --- bad input is refused and changes nothing --------------------------------
printf 'policy input accept\nrule hook input proto tcp dport 1 action drop\nrule hook input proto tcp dport 9-5 action drop\n' \
	>"$T_RUN.bad"
run sv ruleset load "$T_RUN.bad"
expect_eq "a reversed port range is refused" "$RC" 1
expect_eq "naming the file, the line and the field as typed" "$ERR" \
	"Error: $T_RUN.bad:3: dport 9-5: range is reversed (high end below low end)."
run sv ruleset show
expect_eq "the old ruleset stays" "$OUT" "$shown"
printf 'rule hook input handle 5 proto icmp action drop\nrule hook forward handle 5 action drop\n' \
	>"$T_RUN.bad"
run sv ruleset load "$T_RUN.bad"
expect_eq "a duplicate handle is refused, by line" "$ERR" \
	"Error: $T_RUN.bad:2: handle 5: in use by an earlier rule of the load."
echo 3 >/sys/module/secnet_nf/parameters/max_rules
printf 'rule hook input action count\n%.0s' 1 2 3 4 >"$T_RUN.bad"
run sv ruleset load "$T_RUN.bad"
expect_eq "a ruleset over max_rules is refused" "$ERR" \
	"Error: $T_RUN.bad:4: more rules than max_rules (a parameter of secnet_nf)."
expect_rc "one rule more is refused" 1 sv rule add hook input action count
echo 100000 >/sys/module/secnet_nf/parameters/max_rules
run sv ruleset show
expect_eq "still the old ruleset" "$OUT" "$shown"
expect_rc "an unknown hook is a usage error" 2 sv rule add hook nowhere action drop
run sv rule add hook input src 10.9.0.1/8 action drop
expect_match "host bits in a prefix are refused" "$ERR" 'host bits'
run sv rule add hook output iif veth-sv action drop
expect_eq "no input device at output, named as typed" "$ERR" \
	"Error: iif veth-sv: no input device at this hook."
run sv rule add hook input dport 22 action drop
expect_eq "ports without a protocol, named as typed" "$ERR" \
	"Error: dport 22: needs proto tcp, udp, udplite, sctp or dccp."
run sv rule add hook ingress action drop
expect_eq "an ingress rule names its device" "$ERR" \
	"Error: iif: required at ingress (the device to hook)."

# --- a failed part's message, read by netlink_ack() once the genl mutex is
# let go, outlives the load that another thread on the socket ends: two
# threads share one socket, one failing loads (line 7), the other committing
# empty ones in the client's namespace ---------------------------------------
kmsg_mark
run ip netns exec $CL python3 - 300 <<'EOF'
import os, struct, sys, threading
sys.path.insert(0, os.path.join(os.environ['SECNET_REPO'], 'tools', 'testing'))
import nl

g = nl.Genl()
g.sock.settimeout(5)
# Room for every ack, read or not: a lost one would look like a lost error.
g.sock.setsockopt(nl.socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE
cmd = nl.CMDS['SECNET_CMD_NF_LOAD']


def load(flags, bad):
    inner = nl.nla(nl.attr_num('NF_LOAD', 'FLAGS'), struct.pack('=I', flags))
    if bad:
        # A rule with a line and no hook: refused, naming line 7.
        rule = nl.nla(nl.attr_num('NF_RULE', 'LINE'), struct.pack('=I', 7))
        inner += nl.nla(nl.attr_num('NF_LOAD', 'RULE') | nl.NLA_F_NESTED, rule)
    return nl.nla(nl.attr_num('', 'NF_LOAD') | nl.NLA_F_NESTED, inner)


N = int(sys.argv[1])
msgs = (load(1, True), load(3, False))


def send(body):
    for _ in range(N):
        g.send(g.family, cmd, body, nl.NLM_F_ACK)


threads = [threading.Thread(target=send, args=(m,)) for m in msgs]
for t in threads:
    t.start()
texts = {}
acks = 0
try:
    while acks < 2 * N:
        for mtype, mflags, payload in g.recv():
            if mtype != nl.NLMSG_ERROR:
                continue
            acks += 1
            err = -struct.unpack_from('=i', payload)[0]
            if not err:
                continue
            text = ''
            if mflags & nl.NLM_F_ACK_TLVS:
                for t, v in nl.parse_attrs(payload[20:]):
                    if t == nl.NLMSGERR_ATTR_MSG:
                        text = v.rstrip(b'\0').decode(errors='replace')
            texts[text] = texts.get(text, 0) + 1
except OSError as e:
    print('recv:', e)
for t in threads:
    t.join()
for text, n in sorted(texts.items()):
    print('%d\t%s' % (n, text))
EOF
expect_eq "every failed load names its line, whatever the other thread did" \
	"$OUT" "$(printf '300\tline 7: hook: required')"
expect_no_match "and the kernel read no freed message" "$(kmsg_since_mark)" \
	'KASAN|BUG:|WARNING:'

# --- 100,000 rules go in over many messages, at once (stock only: the
# debug kernel checks every allocation and would take minutes) ------------
if [ "$SECNET_FLAVOR" = stock ]; then
	awk 'BEGIN { print "policy input drop"
		print "rule hook input ct-state established,related action accept"
		print "rule hook input proto tcp dport 7002 action accept"
		for (i = 0; i < 99998; i++)
			printf "rule hook forward src 10.%d.%d.0/24 proto tcp dport %d action drop\n",
				i / 250 % 250, i % 250, 1024 + i % 60000 }' >"$T_RUN.big"
	expect_rc "a ruleset of 100,000 rules loads" 0 sv ruleset load "$T_RUN.big"
	expect_eq "all of it" "$(sv -j status netfilter | jq -r '.[0].counters.rules')" 100000
	expect_rc "and filters: TCP 7002 passes" 0 tcp 7002
	expect_rc "TCP 7001 does not" 1 tcp 7001
	# All with one key (proto, dport, prefixes), told apart by sport: one
	# group of the classifier, which once copied itself whole on every
	# insert.  The timeout only stops a load that would take the better
	# part of an hour; the cost of a change is KUnit's to bound
	# (classify_same_key_many), its time only reported here.
	awk 'BEGIN { for (i = 0; i < 100000; i++)
		printf "rule hook forward handle %d src 10.0.0.0/8 proto tcp dport 80 sport %d action drop\n",
			i + 1, 1 + i % 60000 }' >"$T_RUN.same"
	# and room for one more, for the insert
	echo 100001 >/sys/module/secnet_nf/parameters/max_rules
	expect_rc "100,000 rules of one key load" 0 \
		timeout 300 "$SECNETCTL" -n $SV ruleset load "$T_RUN.same"
	nfstat() { sv -j status netfilter | jq -r ".[0].counters.$1"; }
	echo "# load of 100,000 same-key rules: $(nfstat last_change_ns) ns in the kernel"
	expect_rc "one more goes into the middle of them" 0 \
		sv rule add hook forward handle 200000 before 50000 src 10.0.0.0/8 proto tcp dport 80 sport 7 action drop
	echo "# insert among them: $(nfstat last_change_ns) ns"
	expect_eq "all of them" "$(nfstat rules)" 100001
	expect_rc "and goes" 0 sv rule del handle 200000
	echo "# delete among them: $(nfstat last_change_ns) ns"
	expect_rc "one of the load goes" 0 sv rule del handle 1
	echo "# delete of the first: $(nfstat last_change_ns) ns"
	expect_eq "the rest stay" "$(nfstat rules)" 99999
	echo 100000 >/sys/module/secnet_nf/parameters/max_rules
	# 20,000 ingress rules, each naming its own device: the names are
	# counted, so a change costs a lookup, not a scan of the rules and
	# names (which took minutes here).  Again the timeouts only stop a
	# change that would take that long.
	awk 'BEGIN { for (i = 0; i < 20000; i++)
		printf "rule hook ingress iif x%d action drop\n", i }' >"$T_RUN.ing"
	expect_rc "20,000 ingress rules of 20,000 names load" 0 \
		timeout 120 "$SECNETCTL" -n $SV ruleset load "$T_RUN.ing"
	echo "# load of 20,000 ingress names: $(nfstat last_change_ns) ns in the kernel"
	expect_rc "a rule added to them" 0 timeout 60 \
		"$SECNETCTL" -n $SV rule add hook ingress handle 30000 iif x1 action accept
	echo "# insert among them: $(nfstat last_change_ns) ns"
	expect_rc "and deleted" 0 timeout 60 "$SECNETCTL" -n $SV rule del handle 30000
	echo "# delete among them: $(nfstat last_change_ns) ns"
	expect_rc "the small ruleset goes back" 0 sv ruleset load "$T_RUN.shown"
fi

# --- rules stay in their namespace --------------------------------------------
expect_eq "the client has no rules" "$(secnetctl -n $CL -j rule list | jq length)" 0
expect_eq "the init netns has no rules" "$(secnetctl -j rule list | jq length)" 0

# --- reject -------------------------------------------------------------------
cat >"$T_RUN.rules" <<'EOF'
rule hook input proto tcp dport 7001 action reject
rule hook input proto icmp action reject
EOF
expect_rc "load reject rules" 0 sv ruleset load "$T_RUN.rules"
run ip netns exec $CL socat -u - TCP:10.9.0.2:7001,connect-timeout=3 </dev/null
expect_match "TCP gets a reset" "$ERR" 'Connection refused'
run ip netns exec $CL ping -c1 -W2 10.9.0.2
expect_match "ping gets an ICMP error" "$OUT" 'Unreachable'

# --- ingress drops before conntrack -------------------------------------------
cat >"$T_RUN.rules" <<'EOF'
rule hook ingress handle 1 iif veth-sv src 10.9.0.1 proto icmp action drop
rule hook input handle 2 ct-state invalid action drop
EOF
expect_rc "load an ingress rule" 0 sv ruleset load "$T_RUN.rules"
expect_eq "the device is hooked" "$(sv -j status netfilter | jq -r '.[0].counters.ingress_devices')" 1
ip netns exec $SV conntrack -F 2>/dev/null
expect_rc "ping is dropped at ingress" 1 ping_ok
expect_eq "the ingress rule counted it" "$(packets 1)" 1
run ip netns exec $SV conntrack -L -p icmp
expect_no_match "conntrack never saw it" "$OUT" 'icmp'
expect_rc "TCP passes (and conntrack sees it)" 0 tcp 7002
run ip netns exec $SV conntrack -L -p tcp
expect_match "conntrack is on in the namespace" "$OUT" 'dport=7002'
ingress_devs() { sv -j status netfilter | jq -r '.[0].counters.ingress_devices'; }
expect_rc "a second ingress rule names the device" 0 \
	sv rule add hook ingress handle 3 iif veth-sv proto udp action count
expect_rc "the first goes" 0 sv rule del handle 1
expect_eq "the device stays hooked for the second" "$(ingress_devs)" 1
expect_rc "a rule naming a device not there" 0 \
	sv rule add hook ingress handle 4 iif nosuchdev action drop
expect_rc "the second goes" 0 sv rule del handle 3
expect_eq "the device is unhooked with its last rule" "$(ingress_devs)" 0
run ip -n $SV link add nosuchdev type dummy
expect_eq "a device named later is hooked as it comes" "$(ingress_devs)" 1
expect_rc "flush ingress" 0 sv rule flush hook ingress
expect_eq "and unhooked with the flush" "$(ingress_devs)" 0
ip -n $SV link del nosuchdev

# --- fragments: no rule is bypassed by a header split over two --------------
# At each hook in turn (only one hook with rules on the path at a time, as a
# hook drops invalid fragments whatever its rules), for IPv4 and IPv6, one
# python process sends from the client, through raw sockets, three SYNs in
# two fragments each: "tiny" to the blocked port 7101, its first fragment
# holding 8 bytes of TCP header and the second the rest at offset 1 (RFC
# 1858); "first" to 7101 with the whole header in the first fragment; and
# "allowed" to 7102.  Nothing listens, so the server answers a SYN that
# reaches it with a reset.  Rule 1 drops dport 7101; rule 2 counts the TCP
# packets past it.  Where the hook sees fragments, "tiny" is dropped as
# invalid (2 packets), "first" by rule 1 (then its second fragment, with no
# transport header, passes rule 1 and is counted by rule 2), and "allowed"
# passes (2 counted); IPv4's input sees the datagrams whole.  forward sends
# to a network behind the server and checks counters only.
ip -n $SV -b - <<'EOF'
link add fw0 type veth peer name fw1
addr add 10.9.1.1/24 dev fw0
addr add fd0a::1/64 dev fw0 nodad
link set fw0 up
link set fw1 up
EOF
ip -n $CL -b - <<'EOF'
route add 10.9.1.0/24 via 10.9.0.2
route add fd0a::/64 via fd09::2
EOF
ended=no
while IFS=$'\t' read -r name got want; do
	[ "$name" = END ] && ended=yes && continue
	expect_eq "$name" "$got" "$want"
done < <(python3 -I -S - "$SECNETCTL" $CL $SV <<'EOF'
import ctypes, json, select, socket, struct, subprocess, sys, time

ctl, cl, sv = sys.argv[1:]
setns = ctypes.CDLL(None, use_errno=True).setns


def enter(ns):
    """Into @ns's network namespace: no "ip netns exec", a process less."""
    with open(f'/run/netns/{ns}') as f:
        if setns(f.fileno(), 0x40000000):      # CLONE_NEWNET
            sys.exit(f'setns {ns}: errno {ctypes.get_errno()}')


# The server forwards; then all happens from the client.
enter(sv)
for knob in ('ipv4/ip_forward', 'ipv6/conf/all/forwarding'):
    with open(f'/proc/sys/net/{knob}', 'w') as f:
        f.write('1')
enter(cl)
A4 = [socket.inet_pton(socket.AF_INET, a) for a in ('10.9.0.1', '10.9.0.2', '10.9.1.2')]
A6 = [socket.inet_pton(socket.AF_INET6, a) for a in ('fd09::1', 'fd09::2', 'fd0a::2')]
send = {4: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW),
        6: socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)}
recv = {4: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP),
        6: socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_TCP)}


def out(name, got, want):
    print(f'{name}\t{got}\t{want}', flush=True)


def ctl_run(ns, *args, data=None):
    return subprocess.run([ctl, '-n', ns, *args], input=data, text=True,
                          capture_output=True).stdout


def csum(b):
    s = sum(struct.unpack(f'!{len(b) // 2}H', b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def syn(fam, src, dst, sport, dport):
    """A SYN with 16 bytes of data: 36 bytes of TCP."""
    data = b'x' * 16
    h = struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, 0x02, 8192, 0, 0)
    ph = (src + dst + struct.pack('!IxxxB', 36, 6) if fam == 6 else
          src + dst + struct.pack('!xBH', 6, 36))
    return h[:16] + struct.pack('!H', csum(ph + h + data)) + h[18:] + data


def frag(fam, src, dst, ident, off, more, piece):
    if fam == 4:
        return struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(piece), ident,
                           (0x2000 if more else 0) | off // 8, 64, 6, 0,
                           src, dst) + piece
    return (struct.pack('!IHBB16s16s', 6 << 28, 8 + len(piece), 44, 64, src, dst) +
            struct.pack('!BxHI', 6, off | more, ident) + piece)


CASES = (('tiny', 7101, 8), ('first', 7101, 24), ('allowed', 7102, 24))
# hook, netns with the rules, destination index in A4/A6
PHASES = (('ingress', sv, 1), ('prerouting', sv, 1), ('input', sv, 1),
          ('forward', sv, 2), ('output', cl, 1), ('postrouting', cl, 1))


def invalid(ns):
    st = json.loads(ctl_run(ns, '-j', 'status', 'netfilter'))
    return st[0]['counters'].get('invalid_dropped')


ident = sport = 40000
before = {ns: invalid(ns) or 0 for ns in (cl, sv)}
want = {ns: 0 for ns in (cl, sv)}
for hook, ns, di in PHASES:
    iif = ' iif veth-sv' if hook == 'ingress' else ''
    ctl_run(ns, 'ruleset', 'load', '-', data=
            f'rule hook {hook} handle 1{iif} proto tcp dport 7101 action drop\n'
            f'rule hook {hook} handle 2{iif} proto tcp action count\n')
    sent = {}
    for fam, addrs in ((4, A4), (6, A6)):
        src, dst = addrs[0], addrs[di]
        for case, dport, cut in CASES:
            ident += 1
            sport += 1
            seg = syn(fam, src, dst, sport, dport)
            sent[(fam, dport, sport)] = case
            for off, piece, more in ((0, seg[:cut], 1), (cut, seg[cut:], 0)):
                try:
                    send[fam].sendto(frag(fam, src, dst, ident, off, more, piece),
                                     (socket.inet_ntop(socket.AF_INET if fam == 4
                                                       else socket.AF_INET6, dst), 0))
                except PermissionError:
                    pass    # dropped at this host's output or postrouting
    # The resets come back in order: once both "allowed" ones are in, the
    # others would be too.  forward's go nowhere.
    answered = set()
    deadline = time.monotonic() + (0.1 if hook == 'forward' else 5)
    while time.monotonic() < deadline:
        ready, _, _ = select.select(recv.values(), [], [], 0.05)
        for fam in (4, 6):
            if recv[fam] not in ready:
                continue
            b = recv[fam].recv(2048)
            if fam == 4:
                b = b[(b[0] & 15) * 4:]
            key = (fam, *struct.unpack('!HH', b[:4]))
            if key in sent and key not in answered:
                answered.add(key)
                if sum(sent[k] == 'allowed' for k in answered) == 2:
                    deadline = time.monotonic() + 0.1
    if hook != 'forward':
        for key, case in sent.items():
            out(f'{hook} IPv{key[0]}: the "{case}" SYN',
                'answered' if key in answered else 'no answer',
                'answered' if case == 'allowed' else 'no answer')
    whole4 = hook == 'input'
    rules = {r['handle']: r['packets'] for r in json.loads(ctl_run(ns, '-j', 'rule', 'list'))}
    out(f'{hook}: the port rule dropped the first fragments with the header',
        rules.get(1), 3 if whole4 else 2)
    out(f'{hook}: later fragments and allowed ones passed it, to be counted',
        rules.get(2), 4 if whole4 else 6)
    want[ns] += 2 if whole4 else 4
# The server keeps forward's rules, which the client's packets do not meet.
for ns, hooks in ((sv, 'ingress to forward'), (cl, 'output and postrouting')):
    got = invalid(ns)
    out(f'{hooks}: the tiny and offset-1 fragments were dropped as invalid',
        got - before[ns] if got is not None else None, want[ns])
ctl_run(cl, 'ruleset', 'load', '-', data='')
print('END')
EOF
)
expect_eq "the fragment checks ran to their end" $ended yes

# --- a replace under traffic loses nothing both rulesets accept --------------
printf 'policy input drop\nrule hook input proto icmp action accept\nrule hook input proto tcp dport 7001 action drop\n' >"$T_RUN.a"
printf 'policy input drop\nrule hook input proto udp action drop\nrule hook input proto icmp icmp-type echo-request action accept\n' >"$T_RUN.b"
sv ruleset load "$T_RUN.a"
ip netns exec $CL ping -q -i 0.02 -c 200 -W 2 10.9.0.2 >"$T_RUN.ping" 2>&1 &
pinger=$!
loads=0 refused=0
while kill -0 $pinger 2>/dev/null; do
	for f in "$T_RUN.b" "$T_RUN.a"; do
		if sv ruleset load "$f"; then
			loads=$((loads + 1))
		else
			refused=$((refused + 1))
		fi
	done
done
wait $pinger
slurp pinged "$T_RUN.ping"
expect_eq "no replace under ping was refused" "$refused" 0
if [ "$loads" -ge 4 ]; then
	ok "$loads replaces ran while the ping did"
else
	fail "at least 4 replaces ran while the ping did" "only $loads"
fi
expect_match "they lose no packet" "$pinged" ' 200 received, 0% packet loss'

# --- namespaces deleted under traffic through their hooks --------------------
# Their hooks go in pre_exit, so that the grace period before exit lets the
# packets in them finish before exit frees what they read; the debug guest
# (KASAN) checks it.  Floods from the client into two namespaces whose rules
# count at all six hooks, then "ip netns del" of both under them.
netns_add sn-nf-gone1
netns_add sn-nf-gone2
ip -n $CL -b - <<'EOF'
link add veth-g1 type veth peer name veth-g netns sn-nf-gone1
link add veth-g2 type veth peer name veth-g netns sn-nf-gone2
addr add 10.9.3.1/24 dev veth-g1
addr add 10.9.4.1/24 dev veth-g2
link set veth-g1 up
link set veth-g2 up
EOF
floods=()
for g in 1 2; do
	ip -n sn-nf-gone$g -b - <<-EOF
	addr add 10.9.$((g + 2)).2/24 dev veth-g
	link set veth-g up
	EOF
	secnetctl -n sn-nf-gone$g ruleset load - <<-'EOF'
	rule hook ingress iif veth-g action count
	rule hook prerouting action count
	rule hook input action count
	rule hook forward action count
	rule hook output action count
	rule hook postrouting action count
	EOF
	ip netns exec $CL ping -q -f -w 60 10.9.$((g + 2)).2 >/dev/null 2>&1 &
	floods+=($!)
done
nap 0.5
gone=0
for g in 1 2; do
	ip netns del sn-nf-gone$g && gone=$((gone + 1))
done
kill "${floods[@]}" 2>/dev/null
wait "${floods[@]}"
expect_eq "namespaces with rules deleted under floods" $gone 2

# --- unload with rules and traffic ------------------------------------------
ip netns exec $CL ping -q -i 0.05 -c 40 10.9.0.2 >/dev/null 2>&1 &
nap 0.5
expect_rc "secnet_nf unloads with rules and traffic" 0 rmmod secnet_nf
expect_rc "ping passes once it is gone" 0 ping_ok

t_done
