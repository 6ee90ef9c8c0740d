#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Changing state, and reading rules, hooks, SAs, SecYs, TLS connections and
# faults, needs
# CAP_NET_ADMIN over the netns (as nfnetlink and XFRM_MSG_GETSA do), and the
# family says so to `genl ctrl`; the version and status stay open.  One
# ruleset load at a time per netns.  What a load leaves in the kernel is
# charged to the loader's memory cgroup (stock kernel: the debug kernel has
# no cgroups).
. "$(dirname "$0")/../lib.sh"

t_plan 29 27

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

# --- reading rules, hooks, SAs and faults ----------------------------------
modprobe -q -a nf_conntrack nf_reject_ipv4 nf_reject_ipv6 2>/dev/null
expect_rc "secnet_nf.ko loads" 0 insmod "$(ko netfilter/secnet_nf.ko)"
expect_rc "secnet_xfrm.ko loads" 0 insmod "$(ko xfrm/secnet_xfrm.ko)"
modprobe -q macsec 2>/dev/null
expect_rc "secnet_macsec.ko loads" 0 insmod "$(ko macsec/secnet_macsec.ko)"
modprobe -q tls 2>/dev/null
expect_rc "secnet_ktls.ko loads" 0 insmod "$(ko ktls/secnet_ktls.ko)"
ip link add sn0 type secnet
read -r IFINDEX </sys/class/net/sn0/ifindex
secnetctl rule add hook input proto tcp dport 22 action accept
# errnos BATCH_OUTPUT: the errno of each of nl.py batch's answers.
errnos() {
	local line e=()
	while IFS= read -r line; do
		[[ $line =~ \"errno\":\ (-?[0-9]+) ]] && e+=("${BASH_REMATCH[1]}")
	done <<<"$1"
	echo "${e[*]}"
}
DUMPS="NF_GET_RULE --dump
NF_GET_HOOK --dump
XFRM_GET_SA --dump
XFRM_GET_FAULT --dump
MACSEC_GET_SECY --dump
MACSEC_GET_FAULT --dump
KTLS_GET_CONN --dump
KTLS_GET_FAULT --dump
NF_GET_FLOW --dump"

run nobody python3 "$NL" batch <<<"$DUMPS
XFRM_GET_FAULT XFRM_FAULT.IFINDEX=u32:$IFINDEX
MACSEC_GET_FAULT MACSEC_FAULT.IFINDEX=u32:$IFINDEX
MACSEC_SET_FAULT MACSEC_FAULT.IFINDEX=u32:$IFINDEX MACSEC_FAULT.CORRUPT_ICV=u32:1
KTLS_GET_FAULT KTLS_FAULT.IFINDEX=u32:$IFINDEX
KTLS_SET_FAULT KTLS_FAULT.IFINDEX=u32:$IFINDEX KTLS_FAULT.DESYNC=u32:1
NF_DEL_FLOW
GET_STATUS --dump
GET_VERSION"
expect_eq "an unprivileged user gets EPERM for every dump of rules, hooks, SAs, SecYs, TLS connections, faults, flows, for setting a fault and ending flows; status and version answer" \
	"$(errnos "$OUT")" "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 0 0"
expect_eq "the faults the unprivileged user tried to set are not set" \
	"$(secnetctl -j macsec fault show dev sn0 | jq -c '.[0].corrupt_icv')$(secnetctl -j ktls fault show dev sn0 | jq -c '.[0].desync')" "00"
run unshare --user --map-root-user --net python3 "$NL" batch <<<"$DUMPS"
expect_eq "root of a user ns reads them in its own netns" \
	"$(errnos "$OUT")" "0 0 0 0 0 0 0 0 0"
expect_rc "an unprivileged user cannot list rules (exit 1)" 1 \
	nobody secnetctl rule list
expect_match "secnetctl says what is needed" "$ERR" 'need CAP_NET_ADMIN'

# --- what the family tells genl ctrl; one ruleset load at a time ----------
# The commands the uapi header marks [admin], in the order of enum
# secnet_cmd (the header's text goes by subsystem).
ADMIN=" "
while IFS= read -r line; do
	[[ $line =~ ^\ \*\ SECNET_CMD_([A-Z_]+)\ .*\[admin ]] &&
		ADMIN+="${BASH_REMATCH[1]} "
done <"$SECNET_REPO/uapi/linux/secnet.h"
mapfile -t CMDS < <(sed -n '/^enum secnet_cmd {/,/^};/s/^\tSECNET_CMD_\([A-Z_]*\),.*/\1/p' \
	"$SECNET_REPO/uapi/linux/secnet.h")
MARKED=()
for c in "${CMDS[@]}"; do
	[[ $ADMIN == *" $c "* ]] && MARKED+=("$c")
done
# One process, three lines out.  First, the commands whose operation
# carries GENL_UNS_ADMIN_PERM (0x10) in the controller's answer, which is
# what `genl ctrl get name secnet` prints as "Capabilities" (iproute2 6.1
# prints them only for families of version 2 and up, as secnet is since
# its dumps need CAP_NET_ADMIN; checked with genl itself below).  Then:
# socket A begins a ruleset load, B tries another, A commits; a socket that
# began one and closed is not in the way.  The second line gives the errno
# of each step, the handles loaded after A's commit and at the end; the
# third, B's message.
run python3 - "$NL" <<'EOF'
import os, re, struct, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import nl

E = nl.ENUMS
HDR = open(nl.UAPI).read()
BEGIN, COMMIT = (int(re.search(r'#define SECNET_NF_LOAD_%s\s+(\w+)' % f,
                               HDR).group(1), 0) for f in ('BEGIN', 'COMMIT'))
A, LD = E['secnet_attr'], E['secnet_nf_load_attr']
R = E['secnet_nf_rule_attr']
CTRL_ATTR_OPS, CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS = 6, 1, 2
GENL_UNS_ADMIN_PERM = 0x10


def u32(data):
    return struct.unpack('=I', data[:4])[0]


def admin_cmds(g):
    names = {v: k[len('SECNET_CMD_'):] for k, v in nl.CMDS.items()}
    g.send(nl.GENL_ID_CTRL, nl.CTRL_CMD_GETFAMILY,
           nl.nla(nl.CTRL_ATTR_FAMILY_NAME, b'secnet\0'), 0)
    admin = []
    for _, _, payload in g.recv():
        for t, v in nl.parse_attrs(payload[4:]):
            for _, op in nl.parse_attrs(v) if t == CTRL_ATTR_OPS else ():
                op = dict(nl.parse_attrs(op))
                if u32(op[CTRL_ATTR_OP_FLAGS]) & GENL_UNS_ADMIN_PERM:
                    admin.append(names[u32(op[CTRL_ATTR_OP_ID])])
    return ' '.join(admin)


def req(g, cmd, attrs=b'', flags=0):
    body = g.send(g.family, nl.CMDS['SECNET_CMD_' + cmd], attrs,
                  nl.NLM_F_ACK | flags)
    res, replies = {'errno': None}, []
    while res['errno'] is None:
        for mtype, mflags, payload in g.recv():
            if mtype == nl.NLMSG_ERROR:
                nl.decode_error(payload, mflags, body, res)
            elif mtype == nl.NLMSG_DONE:
                nl.decode_error(payload, mflags, body, res, echoed=0)
            else:
                replies.append(nl.reply_attrs(payload))
    return res, replies


def load(g, flags, handle):
    rule = (nl.nla(R['SECNET_A_NF_RULE_HANDLE'], struct.pack('=I', handle)) +
            nl.nla(R['SECNET_A_NF_RULE_HOOK'], struct.pack(
                '=B', E['secnet_nf_hook']['SECNET_NF_HOOK_INPUT'])) +
            nl.nla(R['SECNET_A_NF_RULE_ACTION'], struct.pack(
                '=B', E['secnet_nf_action']['SECNET_NF_ACTION_COUNT'])))
    nest = (nl.nla(LD['SECNET_A_NF_LOAD_FLAGS'], struct.pack('=I', flags)) +
            nl.nla(LD['SECNET_A_NF_LOAD_RULE'] | nl.NLA_F_NESTED, rule))
    return req(g, 'NF_LOAD', nl.nla(A['SECNET_A_NF_LOAD'] | nl.NLA_F_NESTED,
                                    nest))[0]


def handles(g):
    return ','.join(str(u32(bytes.fromhex(r['NF_RULE']['HANDLE'])))
                    for r in req(g, 'NF_GET_RULE', flags=nl.NLM_F_DUMP)[1])


a = nl.Genl()
print(admin_cmds(a))
b, c = nl.Genl(family=a.family), nl.Genl(family=a.family)
first = load(a, BEGIN, 101)
second = load(b, BEGIN, 201)
commit = load(a, COMMIT, 102)
after = handles(a)
load(c, BEGIN, 301)
c.sock.close()
closed = load(b, BEGIN | COMMIT, 401)
print(first['errno'], second['errno'], commit['errno'], after,
      closed['errno'], handles(a))
print(second.get('msg', ''))
EOF
mapfile -t LINES <<<"$OUT"
expect_eq "genl ctrl: every command but the version and status needs CAP_NET_ADMIN over the netns" \
	"${LINES[0]}" "SET_SUBSYS XFRM_GET_SA XFRM_GET_FAULT XFRM_SET_FAULT NF_GET_RULE NF_NEW_RULE NF_DEL_RULE NF_FLUSH NF_GET_HOOK NF_SET_HOOK NF_LOAD MACSEC_GET_SECY MACSEC_GET_FAULT MACSEC_SET_FAULT KTLS_GET_CONN KTLS_GET_FAULT KTLS_SET_FAULT NF_GET_FLOW NF_DEL_FLOW NF_GET_SET NF_NEW_SET NF_DEL_SET NF_SET_ELEMS NF_LOAD_SET"
expect_eq "genl ctrl and the uapi header's [admin] marks agree" \
	"${LINES[0]}" "${MARKED[*]}"
# What genl prints: "#N:  ID-0xN", then "Capabilities (0xF):" with
# GENL_UNS_ADMIN_PERM (0x10) in F; N named by its place in enum secnet_cmd.
run genl ctrl get name secnet
SHOWN=()
while read -r a b _; do
	case $a in
	"#"*) id=$((${b#ID-})) ;;
	Capabilities)
		c=${b#(} c=${c%):}
		((c & 0x10)) && SHOWN+=("${CMDS[id]}") ;;
	esac
done <<<"$OUT"
expect_eq "genl ctrl get name secnet shows the admin permission on those commands" \
	"${SHOWN[*]}" "${MARKED[*]}"
read -r first second commit after closed final <<<"${LINES[1]}"
expect_eq "a ruleset load begins" "$first" 0
expect_eq "a second load begun meanwhile in the namespace is refused (EBUSY)" \
	"$second" 16
expect_eq "...saying why" "${LINES[2]}" \
	"NF_LOAD: another ruleset load is in progress in this namespace"
expect_eq "the first load commits" "$commit" 0
expect_eq "the first load's rules are in, the second's not" "$after" "101,102"
expect_eq "a load begun on a socket since closed is not in the way" \
	"$closed $final" "0 401"

# --- memory a load leaves is charged to the loader -------------------------
if [ "$SECNET_FLAVOR" = stock ]; then
	CG=/sys/fs/cgroup CG_MOUNTED=
	if [ ! -e $CG/cgroup.controllers ]; then
		mount -t cgroup2 cgroup2 $CG && CG_MOUNTED=1
	fi
	echo +memory >$CG/cgroup.subtree_control
	mkdir $CG/sn-perm
	trap 'rmdir $CG/sn-perm; [ -z "$CG_MOUNTED" ] || umount $CG; t_cleanup' EXIT
	awk 'BEGIN { for (i = 0; i < 10000; i++)
		printf "rule hook input src 198.18.%d.%d action drop\n",
			i / 256, i % 256 }' >"$T_RUN.rules"
	read -r before <$CG/sn-perm/memory.current
	run sh -c 'echo $$ >"$1/cgroup.procs" && exec secnetctl ruleset load "$2"' \
		sh $CG/sn-perm "$T_RUN.rules"
	read -r after <$CG/sn-perm/memory.current
	rm -f "$T_RUN.rules"
	grew=$(((after - before) >> 10))
	echo "# memory.current of the loader's cgroup grew by $grew KiB for 10000 rules"
	if [ "$RC" -eq 0 ] && ((grew >= 2048 && grew <= 65536)); then
		ok "10000 rules loaded from a memory cgroup are charged to it (2 to 64 MiB)"
	else
		fail "10000 rules loaded from a memory cgroup are charged to it (2 to 64 MiB)" \
			"load: exit status $RC, $ERR" "grew by $grew KiB"
	fi
	# Freed after a grace period or two: the charge goes with them.
	secnetctl rule flush
	for ((i = 0; i < 50; i++)); do
		read -r now <$CG/sn-perm/memory.current
		(((now - before) >> 10 < grew / 4)) && break
		nap 0.1
	done
	left=$(((now - before) >> 10))
	echo "# after the flush: $left KiB"
	if ((left < grew / 4)); then
		ok "the charge goes when the rules go"
	else
		fail "the charge goes when the rules go" "$left KiB of $grew left"
	fi
fi

t_done
