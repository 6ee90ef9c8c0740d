/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * secnet: the one ABI between the secnet kernel modules and userspace.
 *
 * This file is included as-is by the kernel modules and by secnetctl; there
 * are no generated copies.  It must stay valid C90 with only <linux/types.h>.
 *
 * Transport
 * ---------
 * Generic netlink family SECNET_GENL_NAME ("secnet"), version
 * SECNET_GENL_VERSION, owned by secnet.ko.  Feature modules (netfilter, xfrm,
 * macsec, ktls) register with the core as subsystems and own some of the
 * commands below; a command whose owner is not loaded is answered with
 * -EOPNOTSUPP and an extack message naming the module to load.
 *
 * The family is network-namespace aware: every request acts on the netns of
 * the requesting socket.  Commands marked [admin] need CAP_NET_ADMIN in the
 * user namespace that owns that netns: that is everything that changes
 * state, and every dump of rules, hooks, SAs and faults, as with nfnetlink
 * and XFRM_MSG_GETSA.  The family's operations carry it (GENL_UNS_ADMIN_PERM,
 * which `genl ctrl get name secnet` shows from iproute2 6.3 on), so generic
 * netlink itself answers -EPERM, with no extack message, whether or not the
 * owner is loaded.
 *
 * Attributes
 * ----------
 * Every top-level attribute (SECNET_A_*) is a nest; its members are
 * SECNET_A_<NEST>_*.  Validation is strict at every level: unknown
 * attributes, wrong types or lengths and trailing data are rejected with
 * -EINVAL, out-of-range values with -ERANGE, each with an extack message and
 * the offset of the offending attribute.  Semantic errors carry a message
 * that starts with the attribute's path, e.g. "SUBSYS.NAME: no such
 * subsystem", or for the firewall's rules and hooks with the field's
 * keyword in secnetctl's grammar, e.g. "dport: range is reversed" for
 * DPORT_LO or DPORT_HI.  A rejected request changes nothing.  u64 values are preceded
 * by a PAD attribute where alignment needs one.
 *
 * Commands
 * --------
 * SECNET_CMD_GET_VERSION (doit)
 *	request:  no attributes
 *	reply:    SECNET_A_VERSION {
 *			MODULE   string  secnet release, e.g. "0.1.0"
 *			GENL     u32     SECNET_GENL_VERSION
 *			KERNEL   string  release of the running kernel
 *			FEATURES u64     bit (1 << SECNET_FEATURE_*) set for each
 *					 feature whose subsystem is registered
 *		  }
 *
 * SECNET_CMD_GET_STATUS (doit or dump)
 *	doit request: SECNET_A_SUBSYS { NAME }  (required)
 *	dump request: no attributes
 *	reply: one message per subsystem, in registration order:
 *		  SECNET_A_SUBSYS {
 *			NAME     string  at most SECNET_SUBSYS_NAME_LEN - 1 bytes
 *			VERSION  string
 *			FEATURE  u32     SECNET_FEATURE_*, absent for subsystems
 *					 that provide no listed feature
 *			STATE    u8      enum secnet_subsys_state, in this netns
 *			COUNTERS nest    SECNET_A_COUNTERS_ENTRY, repeated: {
 *				NAME  string
 *				VALUE u64    this netns' value
 *			}
 *		  }
 *	A dump interrupted by a subsystem (un)registering has
 *	NLM_F_DUMP_INTR set on the messages after the change; the caller
 *	should repeat it.
 *
 * SECNET_CMD_SET_SUBSYS (doit) [admin]
 *	request: SECNET_A_SUBSYS { NAME (required), STATE (required) }
 *	Sets the administrative state of a subsystem in this netns.  A
 *	subsystem that is down passes traffic untouched and refuses no
 *	control request; setting "core" down takes every subsystem of the
 *	netns down with it.  Changing the state emits SECNET_CMD_SUBSYS_NTF.
 *
 * SECNET_CMD_SUBSYS_NTF (notification only, multicast group "events")
 *	SECNET_A_SUBSYS { EVENT, NAME, VERSION, FEATURE, STATE }
 *	EVENT is enum secnet_subsys_event.  ADD and DEL go to every netns;
 *	CHANGE only to the netns whose state changed.
 *
 * SECNET_CMD_XFRM_GET_SA (dump) [admin; owner secnet_xfrm]
 *	request: optionally SECNET_A_XFRM_SA { IFINDEX } to list one device
 *	reply: one message per SA offloaded to a secnet device of this netns:
 *		  SECNET_A_XFRM_SA {
 *			IFINDEX, IFNAME  the device the SA is offloaded to
 *			DIR      u8      enum secnet_xfrm_dir
 *			FAMILY   u16     AF_INET or AF_INET6
 *			SADDR, DADDR     binary, 4 or 16 bytes (network order)
 *			SPI      u32     host order
 *			MODE     u8      enum secnet_xfrm_mode
 *			ALG      string  e.g. "rfc4106(gcm(aes))"
 *			KEY_BITS u32     key length without the 32-bit salt
 *			ICV_BITS u32
 *			ESN      flag    present for extended sequence numbers
 *			PACKETS, BYTES      u64  packets (and their ESP payload
 *					    bytes) this SA encrypted or decrypted
 *			AUTH_FAILS u64   inbound packets whose ICV did not verify
 *		  }
 *	Key material is never reported.
 *
 * SECNET_CMD_XFRM_GET_FAULT (doit or dump) [admin; owner secnet_xfrm]
 *	doit request: SECNET_A_XFRM_FAULT { IFINDEX } (required)
 *	reply: SECNET_A_XFRM_FAULT { IFINDEX, IFNAME, and the four counts
 *	below as they stand now }, one message per secnet device in a dump.
 *
 * SECNET_CMD_XFRM_SET_FAULT (doit) [admin; owner secnet_xfrm]
 *	request: SECNET_A_XFRM_FAULT { IFINDEX (required), and any of:
 *			REFUSE_ADD  u32  refuse the next N SA offload requests
 *					 (the kernel's "ip xfrm state add" fails)
 *			CORRUPT_ICV u32  flip a bit in the ICV of the next N
 *					 packets the device encrypts
 *			DROP_TX     u32  drop the next N ESP packets to encrypt
 *			DROP_RX     u32  drop the next N ESP packets to decrypt
 *		  }
 *	Each count given replaces the one pending; 0 cancels it.  Counts
 *	are at most 2147483647 (INT32_MAX), -ERANGE otherwise.
 *
 * MACsec offload (owner secnet_macsec)
 * ------------------------------------
 * SecYs that `ip link add ... type macsec ... offload mac` moved to a secnet
 * device, as the device holds them: its own copy of each SecY, TX SA, RX SC
 * and RX SA, with the packet numbers the device uses and its counters.
 *
 * SECNET_CMD_MACSEC_GET_SECY (dump) [admin; owner secnet_macsec]
 *	request: optionally SECNET_A_MACSEC_SECY { IFINDEX } to list one
 *		 secnet device
 *	reply: one message per offloaded SecY:
 *		  SECNET_A_MACSEC_SECY {
 *			IFINDEX, IFNAME  the secnet device
 *			MACSEC_IFINDEX, MACSEC_IFNAME  the macsec device
 *			SCI      u64     host order (as `ip macsec show` prints)
 *			CIPHER   u8      enum secnet_macsec_cipher
 *			ICV_LEN  u8      bytes
 *			ENCODING_SA u8   the TX SA in use
 *			VALIDATE u8      enum secnet_macsec_validate
 *			REPLAY_WINDOW u32 (with REPLAY_PROTECT)
 *			ENCRYPT, SEND_SCI, END_STATION, SCB, PROTECT,
 *			REPLAY_PROTECT, OPERATIONAL   flags
 *			COUNTERS nest    SECNET_A_COUNTERS_ENTRY, repeated, named
 *					 as the kernel's SecY and TX SC statistics
 *					 (OutPktsProtected, InPktsBadTag, ...)
 *			TXSA     nest    SECNET_A_MACSEC_SA_*, one per TX SA
 *			RXSC     nest    SECNET_A_MACSEC_RXSC_*, one per RX SC
 *		  }
 *		  SECNET_A_MACSEC_RXSC { SCI u64, ACTIVE flag, COUNTERS nest,
 *			RXSA nest SECNET_A_MACSEC_SA_*, one per RX SA }
 *		  SECNET_A_MACSEC_SA { AN u8, ACTIVE flag, NEXT_PN u64 (the
 *			next PN the device sends, or the lowest it accepts
 *			before the replay window), SSCI u32 (XPN only),
 *			COUNTERS nest }
 *	Key material and salts are never reported.
 *
 * SECNET_CMD_MACSEC_GET_FAULT (doit or dump) [admin; owner secnet_macsec]
 *	doit request: SECNET_A_MACSEC_FAULT { IFINDEX } (required)
 *	reply: SECNET_A_MACSEC_FAULT { IFINDEX, IFNAME, REFUSE_ADD,
 *	CORRUPT_ICV as they stand now }, one message per secnet device in a
 *	dump.
 *
 * SECNET_CMD_MACSEC_SET_FAULT (doit) [admin; owner secnet_macsec]
 *	request: SECNET_A_MACSEC_FAULT { IFINDEX (required), and any of:
 *			REFUSE_ADD  u32  refuse the next N SecY, SC or SA adds
 *					 (the kernel's command fails)
 *			CORRUPT_ICV u32  flip a bit in the ICV of the next N
 *					 frames the device protects
 *			PN_LEFT     u32  now: the TX SAs selected below jump to
 *					 the PN that leaves N frames before the
 *					 PN space is exhausted (1..2^31-1)
 *			MACSEC_IFINDEX u32  with PN_LEFT: only this SecY's
 *					 (default: every SecY on the device)
 *			AN          u8   with PN_LEFT: only this TX SA
 *					 (default: each SecY's encoding SA)
 *		  }
 *	REFUSE_ADD and CORRUPT_ICV replace the count pending; 0 cancels it.
 *	PN_LEFT with no TX SA to act on fails with -ENOENT.
 *
 * kTLS offload (owner secnet_ktls)
 * ---------------------------------
 * TLS 1.2 AES-GCM sockets whose records a secnet device encrypts (TX) or
 * decrypts (RX), as the device holds them.
 *
 * SECNET_CMD_KTLS_GET_CONN (dump) [admin; owner secnet_ktls]
 *	request: optionally SECNET_A_KTLS_CONN { IFINDEX } to list one
 *		 secnet device
 *	reply: one message per offloaded socket and direction:
 *		  SECNET_A_KTLS_CONN {
 *			IFINDEX, IFNAME  the secnet device
 *			DIR      u8      enum secnet_ktls_dir
 *			FAMILY   u16     AF_INET or AF_INET6
 *			SADDR, DADDR     binary, 4 or 16 bytes (network order):
 *					 the socket's local and remote address
 *			SPORT, DPORT     u16, host order: local and remote port
 *			CIPHER   u8      enum secnet_ktls_cipher
 *			VERSION  u16     TLS version (0x0303: TLS 1.2)
 *			NEXT_SEQ u32     TX: the TCP sequence number after the
 *					 last byte encrypted; RX: the one the
 *					 device expects next (host order)
 *			RECORD_SN u64    the record number of NEXT_SEQ's record
 *			SYNCED   flag    RX: the device knows where records are
 *			RECORDS, BYTES   u64  records (and their plaintext bytes)
 *					 the device encrypted or decrypted
 *			RESYNCS  u64     RX: resyncs the kernel confirmed
 *		  }
 *	Key material and salts are never reported.
 *
 * SECNET_CMD_KTLS_GET_FAULT (doit or dump) [admin; owner secnet_ktls]
 *	doit request: SECNET_A_KTLS_FAULT { IFINDEX } (required)
 *	reply: SECNET_A_KTLS_FAULT { IFINDEX, IFNAME, REFUSE_ADD, DESYNC as
 *	they stand now }, one message per secnet device in a dump.
 *
 * SECNET_CMD_KTLS_SET_FAULT (doit) [admin; owner secnet_ktls]
 *	request: SECNET_A_KTLS_FAULT { IFINDEX (required), and any of:
 *			REFUSE_ADD  u32  refuse the next N tls_dev_add calls
 *					 (the socket falls back to software)
 *			DESYNC      u32  lose track of the record stream at
 *					 the next N records the device would
 *					 decrypt: they go up encrypted, and
 *					 the device resyncs
 *		  }
 *	Each count given replaces the one pending; 0 cancels it.  Counts
 *	are at most 2147483647 (INT32_MAX), -ERANGE otherwise.
 *
 * Firewall (owner secnet_nf)
 * --------------------------
 * Each network namespace has one ruleset: for each hook (enum
 * secnet_nf_hook) an ordered list of rules and a default policy.  At a hook
 * the first rule by position whose every given match holds decides: ACCEPT,
 * DROP or REJECT end the evaluation with that verdict; CONTINUE ends it with
 * no verdict of secnet's (the default policy is skipped and the packet goes
 * on to the rest of netfilter); COUNT only counts, and the rules after it go
 * on.  A packet no deciding rule matches gets the hook's policy.  Rules at
 * INGRESS run on netdev ingress, before conntrack and routing, on the
 * devices their IIF names (required there).  Every rule counts the packets
 * and bytes it matched.
 *
 * A rule is SECNET_A_NF_RULE { ... }: absent matches match anything.
 *	HANDLE   u32   unique in the netns, >= 1; the kernel picks one if absent
 *	HOOK     u8    enum secnet_nf_hook (required)
 *	FAMILY   u8    enum secnet_nf_family; implied by SRC or DST
 *	SRC, DST binary 4 or 16 bytes, with SRC_LEN, DST_LEN u8 prefix lengths
 *		       (default: the whole address); no host bits may be set
 *	PROTO    u8    IP protocol (IPv6: the upper-layer header)
 *	SPORT_LO, SPORT_HI, DPORT_LO, DPORT_HI  u16, host order: an inclusive
 *		       range (one given: a single port); needs PROTO TCP, UDP,
 *		       UDPLITE, SCTP or DCCP
 *	TCP_FLAGS, TCP_FLAGS_MASK  u8: (flags & MASK) == TCP_FLAGS; needs TCP
 *	ICMP_TYPE, ICMP_CODE  u8: needs PROTO ICMP (IPv4) or ICMPV6
 *	IIF, OIF string device names (IIF not at OUTPUT, POSTROUTING; OIF not
 *		       at PREROUTING, INPUT, INGRESS)
 *	CT_STATE u32   SECNET_NF_CT_* bits: the packet's conntrack state is one
 *		       of them (not at INGRESS)
 *	ACTION   u8    enum secnet_nf_action (required); REJECT answers TCP with
 *		       a reset and anything else with an ICMP port unreachable
 *		       (not at INGRESS)
 *	CT_LABEL u8    a connlabel bit (0-127) the connection carries (not at
 *		       INGRESS)
 *	CT_MARK, CT_MARK_MASK  u32: (the connection's mark & MASK) == CT_MARK
 *		       (MASK default 0xffffffff; not at INGRESS)
 *	SET_LABEL u8   a connlabel bit the rule sets on the connection when it
 *		       decides ACCEPT or CONTINUE (not at INGRESS); a connection
 *		       begun while no rule of the netns matched or set labels
 *		       has no room for them, and gets none
 *	SET_MARK u32   the mark it sets on the connection then (not at INGRESS)
 *	LIMIT    nest SECNET_A_NF_LIMIT_*: a token bucket, a match decided
 *		       only on the rule the classifier chose, so that only
 *		       that rule is charged: RATE (required, >= 1) UNITs
 *		       (PACKETS, default, or BYTES) per PERIOD (default
 *		       SECOND), at most 2^34 a second; BURST units (default
 *		       5 packets, or RATE bytes; 1 to 2^40); without OVER the
 *		       rule matches the packets within the rate, with OVER
 *		       those beyond it.  PER_SRC: one bucket per source
 *		       address cut to V4_LEN (default 32) or V6_LEN (default
 *		       128), at most MAX_SOURCES of them (4 to 2^20, default
 *		       65536, rounded down to a multiple of 4), the least
 *		       recently used replaced.  Replies add SOURCES (tracked)
 *		       and DROPS (packets beyond the rate).  Not with COUNT.
 *	CT_COUNT nest SECNET_A_NF_LIMIT_{COUNT, V4_LEN, V6_LEN}: matches a
 *		       NEW connection whose source (cut to the lengths) has
 *		       more than COUNT connections in conntrack with it
 *		       (nf_conncount); not at INGRESS, not with COUNT
 *	SRC_SET, DST_SET string: the name of a set of the netns (see "Sets")
 *		       the packet's source or destination is in; the rule
 *		       holds the set, which cannot be deleted while it does
 *	LOG      flag: the packets the rule decides are told per source (the
 *		       whole address), at most one LOG event a second per
 *		       rule and source; the 1024 sources seen last are
 *		       tracked
 *	PACKETS, BYTES u64 in replies
 *	LINE     u32   in requests: the source line, quoted in error messages
 *	BEFORE, AFTER  u32 in SECNET_CMD_NF_NEW_RULE: the handle of the rule
 *		       to insert the new one before or after (default: last)
 * Fragments: a packet at offset 0 whose transport header is shorter than
 * its protocol's minimal one (TCP: 20 bytes), an IPv6 packet whose header
 * chain is cut short, and a TCP fragment at offset 1 are dropped as invalid
 * before the rules (the netfilter subsystem's counter invalid_dropped); a
 * later fragment matches only rules with no ports, TCP flags, ICMP type or
 * code.
 *
 * SECNET_CMD_NF_GET_RULE (dump) [admin]
 *	request: optionally SECNET_A_NF_RULE { HOOK } to list one hook
 *	reply: one message per rule, hook by hook in enum order, each hook's
 *	rules by position: SECNET_A_NF_RULE { HANDLE, HOOK, the matches given
 *	(CT_MARK with its CT_MARK_MASK), ACTION, SET_LABEL and SET_MARK if
 *	given, PACKETS, BYTES }
 *
 * SECNET_CMD_NF_NEW_RULE (doit) [admin]
 *	request: SECNET_A_NF_RULE; reply: the rule as GET_RULE reports it.
 *	Applies at once; packets see the rule or not, never part of it.
 *
 * SECNET_CMD_NF_DEL_RULE (doit) [admin]
 *	request: SECNET_A_NF_RULE { HANDLE }
 *
 * SECNET_CMD_NF_FLUSH (doit) [admin]
 *	request: optionally SECNET_A_NF_HOOK { HOOK }: that hook only.
 *	Deletes the rules; policies stay.
 *
 * SECNET_CMD_NF_GET_HOOK (dump) [admin]
 *	reply: one message per hook: SECNET_A_NF_HOOK { HOOK, POLICY, RULES
 *	(u32 count), PACKETS, BYTES (those the policy decided) }
 *
 * SECNET_CMD_NF_SET_HOOK (doit) [admin]
 *	request: SECNET_A_NF_HOOK { HOOK, POLICY } (both required)
 *
 * SECNET_CMD_NF_LOAD (doit) [admin]
 *	Replaces the whole ruleset atomically, in parts of any size:
 *	request: SECNET_A_NF_LOAD { FLAGS u32 (SECNET_NF_LOAD_*), then any
 *		 number of RULE (as SECNET_A_NF_RULE) and POLICY (as
 *		 SECNET_A_NF_HOOK { HOOK, POLICY }) nests }
 *	FLAGS BEGIN starts a load on the requesting socket (dropping any
 *	unfinished one); each part adds its rules and policies; the part with
 *	COMMIT puts them in place of the old ruleset at once.  Hooks without a
 *	POLICY get ACCEPT.  Any error, in any part, ends the load and the old
 *	ruleset stays; so does closing the socket.  The message of an error
 *	in a rule starts with "line LINE: " (the rule's LINE; without one,
 *	"rule N: ", N counting the rules of the load from 1).  A load holds
 *	at most max_rules rules (module parameter of secnet_nf).  A netns has
 *	one load open at a time: a BEGIN from another socket meanwhile fails
 *	with -EBUSY and changes nothing.
 *	reply to the COMMIT part: SECNET_A_NF_LOAD { RULES u32 }
 *
 * Connections (flows)
 * -------------------
 * Where secnet has rules, conntrack runs, and secnet keeps state on each
 * connection its rules see, freed with the connection:
 * SECNET_A_NF_FLOW { ... }
 *	ID       u32   conntrack's id of the connection (`conntrack -o id`)
 *	FAMILY   u8    enum secnet_nf_family
 *	PROTO    u8    IP protocol
 *	ORIG, REPLY nest SECNET_A_NF_TUPLE_*: the tuples of either direction;
 *		       they differ where NAT rewrites the connection
 *	STATE    u8    SECNET_NF_CT_NEW until a reply was seen, then
 *		       SECNET_NF_CT_ESTABLISHED
 *	TCP_STATE u8   conntrack's TCP state (enum tcp_conntrack), TCP only
 *	TIMEOUT  u32   seconds until conntrack expires it
 *	HOOK     u8    enum secnet_nf_hook of the rule that accepted it
 *	RULE     u32   the handle of that rule; 0: a hook's policy did
 *	VERDICT  u8    enum secnet_nf_action: secnet's latest verdict on it
 *	MARK     u32   the connection's mark (conntrack's, as `ct mark`)
 *	LABELS   binary 16 bytes: its connlabel bits (as `ct label`)
 *	PACKETS_ORIG, BYTES_ORIG, PACKETS_REPLY, BYTES_REPLY u64: what secnet's
 *		       hooks saw of it in each direction
 * A tuple is SECNET_A_NF_TUPLE { SRC, DST binary 4 or 16 bytes; SPORT,
 * DPORT u16 host order (TCP, UDP, SCTP, DCCP; ICMP: SPORT is the echo id) }.
 *
 * SECNET_CMD_NF_GET_FLOW (dump) [admin]
 *	request: optionally a filter, SECNET_A_NF_FLOW { FAMILY, PROTO, STATE
 *	(bits: any of them), RULE, LABEL u8 (carries that connlabel bit),
 *	ORIG and REPLY { SRC, DST with SRC_LEN, DST_LEN prefix lengths, SPORT,
 *	DPORT } }: the flows every given field matches
 *	reply: one message per flow: SECNET_A_NF_FLOW
 *
 * SECNET_CMD_NF_DEL_FLOW (doit) [admin]
 *	request: a filter as GET_FLOW's; ends every matching connection in
 *	conntrack.  reply: SECNET_A_NF_FLOW { COUNT u32 }, the flows ended
 *
 * Sets
 * ----
 * A netns has named sets (a name of at most SECNET_NF_SET_NAME_LEN - 1
 * bytes) that rules match by (SRC_SET, DST_SET in a rule: the packet's
 * source or destination is in the set).  A set is of one type (enum
 * secnet_nf_set_type): NET holds IPv4 and IPv6 addresses and prefixes,
 * mixed; ADDR_PORT holds an address with a protocol (TCP, UDP, UDPLITE,
 * SCTP or DCCP) and a port, matched against the packet's source (or
 * destination) address, protocol and source (or destination) port.
 * SECNET_A_NF_SET { NAME, TYPE, COUNT, MEMORY, REFS, ELEM ... }
 * An element is SECNET_A_NF_ELEM { ADDR (required), LEN (NET: the prefix
 * length, default the whole address; no host bits may be set), PROTO and
 * PORT (ADDR_PORT: both required) }.  Errors name the element as
 * "elem N: " (N counting a request's elements from 1) and the field.
 *
 * SECNET_CMD_NF_GET_SET (doit or dump) [admin]
 *	doit request: SECNET_A_NF_SET { NAME } (required)
 *	dump request: optionally SECNET_A_NF_SET { NAME (that set only),
 *		 ELEMS (its elements too) }
 *	reply: one message per set: SECNET_A_NF_SET { NAME, TYPE, COUNT,
 *	MEMORY (bytes its lookup structure takes), REFS (rules using it) };
 *	with ELEMS, its elements follow in more messages, each
 *	SECNET_A_NF_SET { NAME, ELEM ... } (no TYPE).  A dump whose set
 *	changed meanwhile has NLM_F_DUMP_INTR on the messages after it.
 *
 * SECNET_CMD_NF_NEW_SET (doit) [admin]
 *	request: SECNET_A_NF_SET { NAME, TYPE } (both required); -EEXIST if
 *	the name is taken.
 *
 * SECNET_CMD_NF_DEL_SET (doit) [admin]
 *	request: SECNET_A_NF_SET { NAME }; -EBUSY while a rule uses the set.
 *
 * SECNET_CMD_NF_SET_ELEMS (doit) [admin]
 *	request: SECNET_A_NF_SET { NAME, OP (required), ELEM ... }: adds or
 *	deletes every element given, all or none.  Adding an element the set
 *	holds does nothing; deleting one it does not hold fails (-ENOENT).
 *
 * SECNET_CMD_NF_LOAD_SET (doit) [admin]
 *	Replaces the whole content of a set atomically, in parts of any size:
 *	request: SECNET_A_NF_SET { NAME, FLAGS (SECNET_NF_LOAD_BEGIN,
 *	_COMMIT), ELEM ... }.  BEGIN starts a new content on the requesting
 *	socket (dropping any unfinished one of that socket for that set); each
 *	part adds its elements; COMMIT puts the new content in place of the
 *	old in one step: packets see the old content or the new, never a mix.
 *	An error in any part ends the load and the set stays as it was; so
 *	does closing the socket.  BEGIN|COMMIT with no element empties the set.
 *	reply to the COMMIT part: SECNET_A_NF_SET { NAME, COUNT }
 *
 * A change to a set's content is seen by the next packet of every
 * connection: the verdicts flows keep are voided, as by a rule change.
 *
 * Events
 * ------
 * SECNET_CMD_NF_NTF (notification only, multicast group "events")
 *	SECNET_A_NF_EVENT { TYPE (enum secnet_nf_event), PORTID, PID, UID u32,
 *	COMM string: who made the change }, and per TYPE: RULE_NEW, RULE_DEL
 *	SECNET_A_NF_RULE as GET_RULE reports it; FLUSH SECNET_A_NF_HOOK { HOOK }
 *	(none: every hook); POLICY SECNET_A_NF_HOOK { HOOK, POLICY }; LOAD
 *	SECNET_A_NF_LOAD { RULES }
 *	LIMIT (sent by the kernel, PORTID, PID and UID 0): SECNET_A_NF_RULE {
 *	HANDLE, HOOK, LIMIT { DROPS, and with PER_SRC SRC, SRC_LEN } }: the
 *	packets beyond a rate limit since the last such event, at most one
 *	a second per rule and source
 *	LOG (sent by the kernel, as LIMIT): SECNET_A_NF_RULE { HANDLE, HOOK,
 *	ACTION, SRC_SET and DST_SET if the rule has them, LIMIT { HITS, SRC,
 *	SRC_LEN } }: the packets of a rule marked LOG decided from the source
 *	since the last such event
 *
 * SECNET_CMD_NF_FLOW_NTF (notification only, multicast group "flows")
 *	SECNET_A_NF_EVENT { TYPE FLOW_NEW or FLOW_DEL } and SECNET_A_NF_FLOW.
 *	Sent only while a socket listens on "flows"; FLOW_DEL may come up to
 *	a second after conntrack ended the connection.
 *
 * Dumps and large requests
 * ------------------------
 * A dump answers with NLM_F_MULTI messages, each carrying whole objects (an
 * object is never split across messages), ended by NLMSG_DONE whose payload
 * is the dump's error code (0 on success).  Requests that carry more objects
 * than one message holds are split by the sender into several requests, each
 * holding whole objects; commands that must apply atomically document how
 * the parts are staged and committed.
 *
 * ABI rules
 * ---------
 * Enums are append-only and never renumbered; new attributes are optional;
 * SECNET_GENL_VERSION changes only for an incompatible change in meaning.
 * Version 2: the dumps of rules, hooks, SAs and faults need CAP_NET_ADMIN,
 * as every command that changes state does; the family's operations say
 * which (GENL_UNS_ADMIN_PERM), as `genl ctrl get` shows for version 2 up.
 */
#ifndef _UAPI_LINUX_SECNET_H
#define _UAPI_LINUX_SECNET_H

#include <linux/types.h>

#define SECNET_GENL_NAME	"secnet"
#define SECNET_GENL_VERSION	2
#define SECNET_MCGRP_EVENTS	"events"
#define SECNET_MCGRP_FLOWS	"flows"

/* Longest subsystem name, including the terminating NUL. */
#define SECNET_SUBSYS_NAME_LEN	16

enum secnet_cmd {
	SECNET_CMD_UNSPEC,
	SECNET_CMD_GET_VERSION,
	SECNET_CMD_GET_STATUS,
	SECNET_CMD_SET_SUBSYS,
	SECNET_CMD_SUBSYS_NTF,
	SECNET_CMD_XFRM_GET_SA,
	SECNET_CMD_XFRM_GET_FAULT,
	SECNET_CMD_XFRM_SET_FAULT,
	SECNET_CMD_NF_GET_RULE,
	SECNET_CMD_NF_NEW_RULE,
	SECNET_CMD_NF_DEL_RULE,
	SECNET_CMD_NF_FLUSH,
	SECNET_CMD_NF_GET_HOOK,
	SECNET_CMD_NF_SET_HOOK,
	SECNET_CMD_NF_LOAD,
	SECNET_CMD_MACSEC_GET_SECY,
	SECNET_CMD_MACSEC_GET_FAULT,
	SECNET_CMD_MACSEC_SET_FAULT,
	SECNET_CMD_KTLS_GET_CONN,
	SECNET_CMD_KTLS_GET_FAULT,
	SECNET_CMD_KTLS_SET_FAULT,
	SECNET_CMD_NF_GET_FLOW,
	SECNET_CMD_NF_DEL_FLOW,
	SECNET_CMD_NF_NTF,
	SECNET_CMD_NF_FLOW_NTF,
	SECNET_CMD_NF_GET_SET,
	SECNET_CMD_NF_NEW_SET,
	SECNET_CMD_NF_DEL_SET,
	SECNET_CMD_NF_SET_ELEMS,
	SECNET_CMD_NF_LOAD_SET,

	__SECNET_CMD_MAX
};

#define SECNET_CMD_MAX (__SECNET_CMD_MAX - 1)

enum secnet_attr {
	SECNET_A_UNSPEC,
	SECNET_A_VERSION,		/* nest: SECNET_A_VERSION_* */
	SECNET_A_SUBSYS,		/* nest: SECNET_A_SUBSYS_* */
	SECNET_A_XFRM_SA,		/* nest: SECNET_A_XFRM_SA_* */
	SECNET_A_XFRM_FAULT,		/* nest: SECNET_A_XFRM_FAULT_* */
	SECNET_A_NF_RULE,		/* nest: SECNET_A_NF_RULE_* */
	SECNET_A_NF_HOOK,		/* nest: SECNET_A_NF_HOOK_* */
	SECNET_A_NF_LOAD,		/* nest: SECNET_A_NF_LOAD_* */
	SECNET_A_MACSEC_SECY,		/* nest: SECNET_A_MACSEC_SECY_* */
	SECNET_A_MACSEC_FAULT,		/* nest: SECNET_A_MACSEC_FAULT_* */
	SECNET_A_KTLS_CONN,		/* nest: SECNET_A_KTLS_CONN_* */
	SECNET_A_KTLS_FAULT,		/* nest: SECNET_A_KTLS_FAULT_* */
	SECNET_A_NF_FLOW,		/* nest: SECNET_A_NF_FLOW_* */
	SECNET_A_NF_EVENT,		/* nest: SECNET_A_NF_EVENT_* */
	SECNET_A_NF_SET,		/* nest: SECNET_A_NF_SET_* */

	__SECNET_A_MAX
};

#define SECNET_A_MAX (__SECNET_A_MAX - 1)

enum secnet_version_attr {
	SECNET_A_VERSION_UNSPEC,
	SECNET_A_VERSION_PAD,
	SECNET_A_VERSION_MODULE,	/* string */
	SECNET_A_VERSION_GENL,		/* u32 */
	SECNET_A_VERSION_KERNEL,	/* string */
	SECNET_A_VERSION_FEATURES,	/* u64: 1 << SECNET_FEATURE_* */

	__SECNET_A_VERSION_MAX
};

#define SECNET_A_VERSION_MAX (__SECNET_A_VERSION_MAX - 1)

enum secnet_feature {
	SECNET_FEATURE_CORE,
	SECNET_FEATURE_NETFILTER,
	SECNET_FEATURE_XFRM,
	SECNET_FEATURE_MACSEC,
	SECNET_FEATURE_KTLS,

	__SECNET_FEATURE_MAX
};

#define SECNET_FEATURE_MAX (__SECNET_FEATURE_MAX - 1)

enum secnet_subsys_attr {
	SECNET_A_SUBSYS_UNSPEC,
	SECNET_A_SUBSYS_PAD,
	SECNET_A_SUBSYS_NAME,		/* string */
	SECNET_A_SUBSYS_VERSION,	/* string */
	SECNET_A_SUBSYS_FEATURE,	/* u32: enum secnet_feature */
	SECNET_A_SUBSYS_STATE,		/* u8: enum secnet_subsys_state */
	SECNET_A_SUBSYS_COUNTERS,	/* nest: SECNET_A_COUNTERS_* */
	SECNET_A_SUBSYS_EVENT,		/* u8: enum secnet_subsys_event */

	__SECNET_A_SUBSYS_MAX
};

#define SECNET_A_SUBSYS_MAX (__SECNET_A_SUBSYS_MAX - 1)

enum secnet_subsys_state {
	SECNET_SUBSYS_STATE_UNSPEC,
	SECNET_SUBSYS_STATE_UP,
	SECNET_SUBSYS_STATE_DOWN,

	__SECNET_SUBSYS_STATE_MAX
};

#define SECNET_SUBSYS_STATE_MAX (__SECNET_SUBSYS_STATE_MAX - 1)

enum secnet_subsys_event {
	SECNET_SUBSYS_EVENT_UNSPEC,
	SECNET_SUBSYS_EVENT_ADD,
	SECNET_SUBSYS_EVENT_DEL,
	SECNET_SUBSYS_EVENT_CHANGE,

	__SECNET_SUBSYS_EVENT_MAX
};

#define SECNET_SUBSYS_EVENT_MAX (__SECNET_SUBSYS_EVENT_MAX - 1)

enum secnet_counters_attr {
	SECNET_A_COUNTERS_UNSPEC,
	SECNET_A_COUNTERS_ENTRY,	/* nest: SECNET_A_COUNTER_* */

	__SECNET_A_COUNTERS_MAX
};

#define SECNET_A_COUNTERS_MAX (__SECNET_A_COUNTERS_MAX - 1)

enum secnet_counter_attr {
	SECNET_A_COUNTER_UNSPEC,
	SECNET_A_COUNTER_PAD,
	SECNET_A_COUNTER_NAME,		/* string */
	SECNET_A_COUNTER_VALUE,		/* u64 */

	__SECNET_A_COUNTER_MAX
};

#define SECNET_A_COUNTER_MAX (__SECNET_A_COUNTER_MAX - 1)

enum secnet_xfrm_sa_attr {
	SECNET_A_XFRM_SA_UNSPEC,
	SECNET_A_XFRM_SA_PAD,
	SECNET_A_XFRM_SA_IFINDEX,	/* u32 */
	SECNET_A_XFRM_SA_IFNAME,	/* string */
	SECNET_A_XFRM_SA_DIR,		/* u8: enum secnet_xfrm_dir */
	SECNET_A_XFRM_SA_FAMILY,	/* u16: AF_INET, AF_INET6 */
	SECNET_A_XFRM_SA_SADDR,		/* binary: 4 or 16 bytes */
	SECNET_A_XFRM_SA_DADDR,		/* binary: 4 or 16 bytes */
	SECNET_A_XFRM_SA_SPI,		/* u32, host order */
	SECNET_A_XFRM_SA_MODE,		/* u8: enum secnet_xfrm_mode */
	SECNET_A_XFRM_SA_ALG,		/* string */
	SECNET_A_XFRM_SA_KEY_BITS,	/* u32 */
	SECNET_A_XFRM_SA_ICV_BITS,	/* u32 */
	SECNET_A_XFRM_SA_ESN,		/* flag */
	SECNET_A_XFRM_SA_PACKETS,	/* u64 */
	SECNET_A_XFRM_SA_BYTES,		/* u64 */
	SECNET_A_XFRM_SA_AUTH_FAILS,	/* u64 */

	__SECNET_A_XFRM_SA_MAX
};

#define SECNET_A_XFRM_SA_MAX (__SECNET_A_XFRM_SA_MAX - 1)

enum secnet_xfrm_dir {
	SECNET_XFRM_DIR_UNSPEC,
	SECNET_XFRM_DIR_IN,
	SECNET_XFRM_DIR_OUT,

	__SECNET_XFRM_DIR_MAX
};

#define SECNET_XFRM_DIR_MAX (__SECNET_XFRM_DIR_MAX - 1)

enum secnet_xfrm_mode {
	SECNET_XFRM_MODE_UNSPEC,
	SECNET_XFRM_MODE_TRANSPORT,
	SECNET_XFRM_MODE_TUNNEL,

	__SECNET_XFRM_MODE_MAX
};

#define SECNET_XFRM_MODE_MAX (__SECNET_XFRM_MODE_MAX - 1)

enum secnet_xfrm_fault_attr {
	SECNET_A_XFRM_FAULT_UNSPEC,
	SECNET_A_XFRM_FAULT_IFINDEX,	/* u32 */
	SECNET_A_XFRM_FAULT_IFNAME,	/* string, in replies */
	SECNET_A_XFRM_FAULT_REFUSE_ADD,	/* u32 */
	SECNET_A_XFRM_FAULT_CORRUPT_ICV,	/* u32 */
	SECNET_A_XFRM_FAULT_DROP_TX,	/* u32 */
	SECNET_A_XFRM_FAULT_DROP_RX,	/* u32 */

	__SECNET_A_XFRM_FAULT_MAX
};

#define SECNET_A_XFRM_FAULT_MAX (__SECNET_A_XFRM_FAULT_MAX - 1)

enum secnet_nf_hook {
	SECNET_NF_HOOK_UNSPEC,
	SECNET_NF_HOOK_PREROUTING,
	SECNET_NF_HOOK_INPUT,
	SECNET_NF_HOOK_FORWARD,
	SECNET_NF_HOOK_OUTPUT,
	SECNET_NF_HOOK_POSTROUTING,
	SECNET_NF_HOOK_INGRESS,

	__SECNET_NF_HOOK_MAX
};

#define SECNET_NF_HOOK_MAX (__SECNET_NF_HOOK_MAX - 1)

enum secnet_nf_family {
	SECNET_NF_FAMILY_ANY,
	SECNET_NF_FAMILY_IPV4,
	SECNET_NF_FAMILY_IPV6,

	__SECNET_NF_FAMILY_MAX
};

#define SECNET_NF_FAMILY_MAX (__SECNET_NF_FAMILY_MAX - 1)

enum secnet_nf_action {
	SECNET_NF_ACTION_UNSPEC,
	SECNET_NF_ACTION_ACCEPT,
	SECNET_NF_ACTION_DROP,
	SECNET_NF_ACTION_REJECT,
	SECNET_NF_ACTION_COUNT,
	SECNET_NF_ACTION_CONTINUE,

	__SECNET_NF_ACTION_MAX
};

#define SECNET_NF_ACTION_MAX (__SECNET_NF_ACTION_MAX - 1)

/* SECNET_A_NF_RULE_CT_STATE bits */
#define SECNET_NF_CT_NEW		0x01
#define SECNET_NF_CT_ESTABLISHED	0x02
#define SECNET_NF_CT_RELATED		0x04
#define SECNET_NF_CT_INVALID		0x08
#define SECNET_NF_CT_UNTRACKED		0x10
#define SECNET_NF_CT_ALL		0x1f

enum secnet_nf_rule_attr {
	SECNET_A_NF_RULE_UNSPEC,
	SECNET_A_NF_RULE_PAD,
	SECNET_A_NF_RULE_HANDLE,	/* u32 */
	SECNET_A_NF_RULE_HOOK,		/* u8: enum secnet_nf_hook */
	SECNET_A_NF_RULE_FAMILY,	/* u8: enum secnet_nf_family */
	SECNET_A_NF_RULE_SRC,		/* binary: 4 or 16 bytes */
	SECNET_A_NF_RULE_SRC_LEN,	/* u8 */
	SECNET_A_NF_RULE_DST,		/* binary: 4 or 16 bytes */
	SECNET_A_NF_RULE_DST_LEN,	/* u8 */
	SECNET_A_NF_RULE_PROTO,		/* u8 */
	SECNET_A_NF_RULE_SPORT_LO,	/* u16 */
	SECNET_A_NF_RULE_SPORT_HI,	/* u16 */
	SECNET_A_NF_RULE_DPORT_LO,	/* u16 */
	SECNET_A_NF_RULE_DPORT_HI,	/* u16 */
	SECNET_A_NF_RULE_TCP_FLAGS,	/* u8 */
	SECNET_A_NF_RULE_TCP_FLAGS_MASK,	/* u8 */
	SECNET_A_NF_RULE_ICMP_TYPE,	/* u8 */
	SECNET_A_NF_RULE_ICMP_CODE,	/* u8 */
	SECNET_A_NF_RULE_IIF,		/* string */
	SECNET_A_NF_RULE_OIF,		/* string */
	SECNET_A_NF_RULE_CT_STATE,	/* u32: SECNET_NF_CT_* */
	SECNET_A_NF_RULE_ACTION,	/* u8: enum secnet_nf_action */
	SECNET_A_NF_RULE_PACKETS,	/* u64 */
	SECNET_A_NF_RULE_BYTES,		/* u64 */
	SECNET_A_NF_RULE_LINE,		/* u32 */
	SECNET_A_NF_RULE_BEFORE,	/* u32 */
	SECNET_A_NF_RULE_AFTER,		/* u32 */
	SECNET_A_NF_RULE_CT_LABEL,	/* u8: 0-127 */
	SECNET_A_NF_RULE_CT_MARK,	/* u32 */
	SECNET_A_NF_RULE_CT_MARK_MASK,	/* u32 */
	SECNET_A_NF_RULE_SET_LABEL,	/* u8: 0-127 */
	SECNET_A_NF_RULE_SET_MARK,	/* u32 */
	SECNET_A_NF_RULE_LIMIT,		/* nest: SECNET_A_NF_LIMIT_* */
	SECNET_A_NF_RULE_CT_COUNT,	/* nest: SECNET_A_NF_LIMIT_* */
	SECNET_A_NF_RULE_SRC_SET,	/* string: a set's name */
	SECNET_A_NF_RULE_DST_SET,	/* string: a set's name */
	SECNET_A_NF_RULE_LOG,		/* flag */

	__SECNET_A_NF_RULE_MAX
};

#define SECNET_A_NF_RULE_MAX (__SECNET_A_NF_RULE_MAX - 1)

enum secnet_nf_hook_attr {
	SECNET_A_NF_HOOK_UNSPEC,
	SECNET_A_NF_HOOK_PAD,
	SECNET_A_NF_HOOK_HOOK,		/* u8: enum secnet_nf_hook */
	SECNET_A_NF_HOOK_POLICY,	/* u8: ACCEPT or DROP */
	SECNET_A_NF_HOOK_RULES,		/* u32 */
	SECNET_A_NF_HOOK_PACKETS,	/* u64 */
	SECNET_A_NF_HOOK_BYTES,		/* u64 */

	__SECNET_A_NF_HOOK_MAX
};

#define SECNET_A_NF_HOOK_MAX (__SECNET_A_NF_HOOK_MAX - 1)

/* SECNET_A_NF_LOAD_FLAGS */
#define SECNET_NF_LOAD_BEGIN	0x01
#define SECNET_NF_LOAD_COMMIT	0x02

enum secnet_nf_load_attr {
	SECNET_A_NF_LOAD_UNSPEC,
	SECNET_A_NF_LOAD_FLAGS,		/* u32: SECNET_NF_LOAD_* */
	SECNET_A_NF_LOAD_RULE,		/* nest: SECNET_A_NF_RULE_*, repeated */
	SECNET_A_NF_LOAD_POLICY,	/* nest: SECNET_A_NF_HOOK_*, repeated */
	SECNET_A_NF_LOAD_RULES,		/* u32, in the reply */

	__SECNET_A_NF_LOAD_MAX
};

#define SECNET_A_NF_LOAD_MAX (__SECNET_A_NF_LOAD_MAX - 1)

/* Connlabel bits: 128, as the kernel's (XT_CONNLABEL_MAXBIT + 1). */
#define SECNET_NF_LABEL_BITS	128

enum secnet_nf_flow_attr {
	SECNET_A_NF_FLOW_UNSPEC,
	SECNET_A_NF_FLOW_PAD,
	SECNET_A_NF_FLOW_ID,		/* u32 */
	SECNET_A_NF_FLOW_FAMILY,	/* u8: enum secnet_nf_family */
	SECNET_A_NF_FLOW_PROTO,		/* u8 */
	SECNET_A_NF_FLOW_ORIG,		/* nest: SECNET_A_NF_TUPLE_* */
	SECNET_A_NF_FLOW_REPLY,		/* nest: SECNET_A_NF_TUPLE_* */
	SECNET_A_NF_FLOW_STATE,		/* u8: SECNET_NF_CT_* */
	SECNET_A_NF_FLOW_TCP_STATE,	/* u8 */
	SECNET_A_NF_FLOW_TIMEOUT,	/* u32: seconds */
	SECNET_A_NF_FLOW_HOOK,		/* u8: enum secnet_nf_hook */
	SECNET_A_NF_FLOW_RULE,		/* u32 */
	SECNET_A_NF_FLOW_VERDICT,	/* u8: enum secnet_nf_action */
	SECNET_A_NF_FLOW_MARK,		/* u32 */
	SECNET_A_NF_FLOW_LABELS,	/* binary: 16 bytes */
	SECNET_A_NF_FLOW_PACKETS_ORIG,	/* u64 */
	SECNET_A_NF_FLOW_BYTES_ORIG,	/* u64 */
	SECNET_A_NF_FLOW_PACKETS_REPLY,	/* u64 */
	SECNET_A_NF_FLOW_BYTES_REPLY,	/* u64 */
	SECNET_A_NF_FLOW_LABEL,		/* u8: in a filter */
	SECNET_A_NF_FLOW_COUNT,		/* u32: in DEL_FLOW's reply */

	__SECNET_A_NF_FLOW_MAX
};

#define SECNET_A_NF_FLOW_MAX (__SECNET_A_NF_FLOW_MAX - 1)

enum secnet_nf_tuple_attr {
	SECNET_A_NF_TUPLE_UNSPEC,
	SECNET_A_NF_TUPLE_SRC,		/* binary: 4 or 16 bytes */
	SECNET_A_NF_TUPLE_DST,		/* binary: 4 or 16 bytes */
	SECNET_A_NF_TUPLE_SPORT,	/* u16 */
	SECNET_A_NF_TUPLE_DPORT,	/* u16 */
	SECNET_A_NF_TUPLE_SRC_LEN,	/* u8: in a filter */
	SECNET_A_NF_TUPLE_DST_LEN,	/* u8: in a filter */

	__SECNET_A_NF_TUPLE_MAX
};

#define SECNET_A_NF_TUPLE_MAX (__SECNET_A_NF_TUPLE_MAX - 1)

/* SECNET_A_NF_LIMIT_UNIT */
enum secnet_nf_limit_unit {
	SECNET_NF_LIMIT_PACKETS = 1,
	SECNET_NF_LIMIT_BYTES,

	__SECNET_NF_LIMIT_UNIT_MAX
};

#define SECNET_NF_LIMIT_UNIT_MAX (__SECNET_NF_LIMIT_UNIT_MAX - 1)

/* SECNET_A_NF_LIMIT_PERIOD */
enum secnet_nf_limit_period {
	SECNET_NF_LIMIT_SECOND = 1,
	SECNET_NF_LIMIT_MINUTE,
	SECNET_NF_LIMIT_HOUR,
	SECNET_NF_LIMIT_DAY,

	__SECNET_NF_LIMIT_PERIOD_MAX
};

#define SECNET_NF_LIMIT_PERIOD_MAX (__SECNET_NF_LIMIT_PERIOD_MAX - 1)

enum secnet_nf_limit_attr {
	SECNET_A_NF_LIMIT_UNSPEC,
	SECNET_A_NF_LIMIT_PAD,
	SECNET_A_NF_LIMIT_RATE,		/* u64: units per PERIOD */
	SECNET_A_NF_LIMIT_UNIT,		/* u8: enum secnet_nf_limit_unit */
	SECNET_A_NF_LIMIT_PERIOD,	/* u8: enum secnet_nf_limit_period */
	SECNET_A_NF_LIMIT_BURST,	/* u64: units */
	SECNET_A_NF_LIMIT_OVER,		/* flag */
	SECNET_A_NF_LIMIT_PER_SRC,	/* flag */
	SECNET_A_NF_LIMIT_V4_LEN,	/* u8 */
	SECNET_A_NF_LIMIT_V6_LEN,	/* u8 */
	SECNET_A_NF_LIMIT_MAX_SOURCES,	/* u32 */
	SECNET_A_NF_LIMIT_SOURCES,	/* u32: in replies */
	SECNET_A_NF_LIMIT_DROPS,	/* u64: in replies and events */
	SECNET_A_NF_LIMIT_SRC,		/* binary 4 or 16 bytes: in events */
	SECNET_A_NF_LIMIT_SRC_LEN,	/* u8: in events */
	SECNET_A_NF_LIMIT_COUNT,	/* u32: CT_COUNT's N */
	SECNET_A_NF_LIMIT_HITS,		/* u64: in LOG events */

	__SECNET_A_NF_LIMIT_MAX
};

#define SECNET_A_NF_LIMIT_MAX (__SECNET_A_NF_LIMIT_MAX - 1)

enum secnet_nf_event {
	SECNET_NF_EVENT_UNSPEC,
	SECNET_NF_EVENT_RULE_NEW,
	SECNET_NF_EVENT_RULE_DEL,
	SECNET_NF_EVENT_FLUSH,
	SECNET_NF_EVENT_POLICY,
	SECNET_NF_EVENT_LOAD,
	SECNET_NF_EVENT_FLOW_NEW,
	SECNET_NF_EVENT_FLOW_DEL,
	SECNET_NF_EVENT_LIMIT,
	SECNET_NF_EVENT_LOG,

	__SECNET_NF_EVENT_MAX
};

#define SECNET_NF_EVENT_MAX (__SECNET_NF_EVENT_MAX - 1)

enum secnet_nf_event_attr {
	SECNET_A_NF_EVENT_UNSPEC,
	SECNET_A_NF_EVENT_TYPE,		/* u8: enum secnet_nf_event */
	SECNET_A_NF_EVENT_PORTID,	/* u32 */
	SECNET_A_NF_EVENT_PID,		/* u32 */
	SECNET_A_NF_EVENT_UID,		/* u32 */
	SECNET_A_NF_EVENT_COMM,		/* string */

	__SECNET_A_NF_EVENT_MAX
};

#define SECNET_A_NF_EVENT_MAX (__SECNET_A_NF_EVENT_MAX - 1)

/* Longest set name, including the terminating NUL. */
#define SECNET_NF_SET_NAME_LEN	32

enum secnet_nf_set_type {
	SECNET_NF_SET_TYPE_UNSPEC,
	SECNET_NF_SET_TYPE_NET,		/* IPv4 and IPv6 addresses, prefixes */
	SECNET_NF_SET_TYPE_ADDR_PORT,	/* address, protocol and port */

	__SECNET_NF_SET_TYPE_MAX
};

#define SECNET_NF_SET_TYPE_MAX (__SECNET_NF_SET_TYPE_MAX - 1)

/* SECNET_A_NF_SET_OP */
enum secnet_nf_set_op {
	SECNET_NF_SET_OP_UNSPEC,
	SECNET_NF_SET_OP_ADD,
	SECNET_NF_SET_OP_DEL,

	__SECNET_NF_SET_OP_MAX
};

#define SECNET_NF_SET_OP_MAX (__SECNET_NF_SET_OP_MAX - 1)

enum secnet_nf_set_attr {
	SECNET_A_NF_SET_UNSPEC,
	SECNET_A_NF_SET_PAD,
	SECNET_A_NF_SET_NAME,		/* string */
	SECNET_A_NF_SET_TYPE,		/* u8: enum secnet_nf_set_type */
	SECNET_A_NF_SET_COUNT,		/* u32, in replies */
	SECNET_A_NF_SET_MEMORY,		/* u64: bytes, in replies */
	SECNET_A_NF_SET_REFS,		/* u32: rules using it, in replies */
	SECNET_A_NF_SET_ELEMS,		/* flag: GET_SET lists the elements */
	SECNET_A_NF_SET_ELEM,		/* nest: SECNET_A_NF_ELEM_*, repeated */
	SECNET_A_NF_SET_OP,		/* u8: enum secnet_nf_set_op */
	SECNET_A_NF_SET_FLAGS,		/* u32: SECNET_NF_LOAD_* */

	__SECNET_A_NF_SET_MAX
};

#define SECNET_A_NF_SET_MAX (__SECNET_A_NF_SET_MAX - 1)

enum secnet_nf_elem_attr {
	SECNET_A_NF_ELEM_UNSPEC,
	SECNET_A_NF_ELEM_ADDR,		/* binary: 4 or 16 bytes */
	SECNET_A_NF_ELEM_LEN,		/* u8: prefix length (net) */
	SECNET_A_NF_ELEM_PROTO,		/* u8 (addr-port) */
	SECNET_A_NF_ELEM_PORT,		/* u16, host order (addr-port) */

	__SECNET_A_NF_ELEM_MAX
};

#define SECNET_A_NF_ELEM_MAX (__SECNET_A_NF_ELEM_MAX - 1)

enum secnet_macsec_secy_attr {
	SECNET_A_MACSEC_SECY_UNSPEC,
	SECNET_A_MACSEC_SECY_PAD,
	SECNET_A_MACSEC_SECY_IFINDEX,	/* u32 */
	SECNET_A_MACSEC_SECY_IFNAME,	/* string */
	SECNET_A_MACSEC_SECY_MACSEC_IFINDEX,	/* u32 */
	SECNET_A_MACSEC_SECY_MACSEC_IFNAME,	/* string */
	SECNET_A_MACSEC_SECY_SCI,	/* u64 */
	SECNET_A_MACSEC_SECY_CIPHER,	/* u8: enum secnet_macsec_cipher */
	SECNET_A_MACSEC_SECY_ICV_LEN,	/* u8 */
	SECNET_A_MACSEC_SECY_ENCODING_SA,	/* u8 */
	SECNET_A_MACSEC_SECY_VALIDATE,	/* u8: enum secnet_macsec_validate */
	SECNET_A_MACSEC_SECY_REPLAY_WINDOW,	/* u32 */
	SECNET_A_MACSEC_SECY_ENCRYPT,	/* flag */
	SECNET_A_MACSEC_SECY_SEND_SCI,	/* flag */
	SECNET_A_MACSEC_SECY_END_STATION,	/* flag */
	SECNET_A_MACSEC_SECY_SCB,	/* flag */
	SECNET_A_MACSEC_SECY_PROTECT,	/* flag */
	SECNET_A_MACSEC_SECY_REPLAY_PROTECT,	/* flag */
	SECNET_A_MACSEC_SECY_OPERATIONAL,	/* flag */
	SECNET_A_MACSEC_SECY_COUNTERS,	/* nest: SECNET_A_COUNTERS_* */
	SECNET_A_MACSEC_SECY_TXSA,	/* nest: SECNET_A_MACSEC_SA_*, repeated */
	SECNET_A_MACSEC_SECY_RXSC,	/* nest: SECNET_A_MACSEC_RXSC_*, repeated */

	__SECNET_A_MACSEC_SECY_MAX
};

#define SECNET_A_MACSEC_SECY_MAX (__SECNET_A_MACSEC_SECY_MAX - 1)

enum secnet_macsec_cipher {
	SECNET_MACSEC_CIPHER_UNSPEC,
	SECNET_MACSEC_CIPHER_GCM_AES_128,
	SECNET_MACSEC_CIPHER_GCM_AES_256,
	SECNET_MACSEC_CIPHER_GCM_AES_XPN_128,
	SECNET_MACSEC_CIPHER_GCM_AES_XPN_256,

	__SECNET_MACSEC_CIPHER_MAX
};

#define SECNET_MACSEC_CIPHER_MAX (__SECNET_MACSEC_CIPHER_MAX - 1)

enum secnet_macsec_validate {
	SECNET_MACSEC_VALIDATE_UNSPEC,
	SECNET_MACSEC_VALIDATE_DISABLED,
	SECNET_MACSEC_VALIDATE_CHECK,
	SECNET_MACSEC_VALIDATE_STRICT,

	__SECNET_MACSEC_VALIDATE_MAX
};

#define SECNET_MACSEC_VALIDATE_MAX (__SECNET_MACSEC_VALIDATE_MAX - 1)

enum secnet_macsec_rxsc_attr {
	SECNET_A_MACSEC_RXSC_UNSPEC,
	SECNET_A_MACSEC_RXSC_PAD,
	SECNET_A_MACSEC_RXSC_SCI,	/* u64 */
	SECNET_A_MACSEC_RXSC_ACTIVE,	/* flag */
	SECNET_A_MACSEC_RXSC_COUNTERS,	/* nest: SECNET_A_COUNTERS_* */
	SECNET_A_MACSEC_RXSC_RXSA,	/* nest: SECNET_A_MACSEC_SA_*, repeated */

	__SECNET_A_MACSEC_RXSC_MAX
};

#define SECNET_A_MACSEC_RXSC_MAX (__SECNET_A_MACSEC_RXSC_MAX - 1)

enum secnet_macsec_sa_attr {
	SECNET_A_MACSEC_SA_UNSPEC,
	SECNET_A_MACSEC_SA_PAD,
	SECNET_A_MACSEC_SA_AN,		/* u8 */
	SECNET_A_MACSEC_SA_ACTIVE,	/* flag */
	SECNET_A_MACSEC_SA_NEXT_PN,	/* u64 */
	SECNET_A_MACSEC_SA_SSCI,	/* u32 */
	SECNET_A_MACSEC_SA_COUNTERS,	/* nest: SECNET_A_COUNTERS_* */

	__SECNET_A_MACSEC_SA_MAX
};

#define SECNET_A_MACSEC_SA_MAX (__SECNET_A_MACSEC_SA_MAX - 1)

enum secnet_macsec_fault_attr {
	SECNET_A_MACSEC_FAULT_UNSPEC,
	SECNET_A_MACSEC_FAULT_IFINDEX,	/* u32 */
	SECNET_A_MACSEC_FAULT_IFNAME,	/* string, in replies */
	SECNET_A_MACSEC_FAULT_REFUSE_ADD,	/* u32 */
	SECNET_A_MACSEC_FAULT_CORRUPT_ICV,	/* u32 */
	SECNET_A_MACSEC_FAULT_PN_LEFT,	/* u32 */
	SECNET_A_MACSEC_FAULT_MACSEC_IFINDEX,	/* u32 */
	SECNET_A_MACSEC_FAULT_AN,	/* u8 */

	__SECNET_A_MACSEC_FAULT_MAX
};

#define SECNET_A_MACSEC_FAULT_MAX (__SECNET_A_MACSEC_FAULT_MAX - 1)

enum secnet_ktls_conn_attr {
	SECNET_A_KTLS_CONN_UNSPEC,
	SECNET_A_KTLS_CONN_PAD,
	SECNET_A_KTLS_CONN_IFINDEX,	/* u32 */
	SECNET_A_KTLS_CONN_IFNAME,	/* string */
	SECNET_A_KTLS_CONN_DIR,		/* u8: enum secnet_ktls_dir */
	SECNET_A_KTLS_CONN_FAMILY,	/* u16: AF_INET, AF_INET6 */
	SECNET_A_KTLS_CONN_SADDR,	/* binary: 4 or 16 bytes */
	SECNET_A_KTLS_CONN_DADDR,	/* binary: 4 or 16 bytes */
	SECNET_A_KTLS_CONN_SPORT,	/* u16 */
	SECNET_A_KTLS_CONN_DPORT,	/* u16 */
	SECNET_A_KTLS_CONN_CIPHER,	/* u8: enum secnet_ktls_cipher */
	SECNET_A_KTLS_CONN_VERSION,	/* u16 */
	SECNET_A_KTLS_CONN_NEXT_SEQ,	/* u32 */
	SECNET_A_KTLS_CONN_RECORD_SN,	/* u64 */
	SECNET_A_KTLS_CONN_SYNCED,	/* flag */
	SECNET_A_KTLS_CONN_RECORDS,	/* u64 */
	SECNET_A_KTLS_CONN_BYTES,	/* u64 */
	SECNET_A_KTLS_CONN_RESYNCS,	/* u64 */

	__SECNET_A_KTLS_CONN_MAX
};

#define SECNET_A_KTLS_CONN_MAX (__SECNET_A_KTLS_CONN_MAX - 1)

enum secnet_ktls_dir {
	SECNET_KTLS_DIR_UNSPEC,
	SECNET_KTLS_DIR_TX,
	SECNET_KTLS_DIR_RX,

	__SECNET_KTLS_DIR_MAX
};

#define SECNET_KTLS_DIR_MAX (__SECNET_KTLS_DIR_MAX - 1)

enum secnet_ktls_cipher {
	SECNET_KTLS_CIPHER_UNSPEC,
	SECNET_KTLS_CIPHER_AES_GCM_128,
	SECNET_KTLS_CIPHER_AES_GCM_256,

	__SECNET_KTLS_CIPHER_MAX
};

#define SECNET_KTLS_CIPHER_MAX (__SECNET_KTLS_CIPHER_MAX - 1)

enum secnet_ktls_fault_attr {
	SECNET_A_KTLS_FAULT_UNSPEC,
	SECNET_A_KTLS_FAULT_IFINDEX,	/* u32 */
	SECNET_A_KTLS_FAULT_IFNAME,	/* string, in replies */
	SECNET_A_KTLS_FAULT_REFUSE_ADD,	/* u32 */
	SECNET_A_KTLS_FAULT_DESYNC,	/* u32 */

	__SECNET_A_KTLS_FAULT_MAX
};

#define SECNET_A_KTLS_FAULT_MAX (__SECNET_A_KTLS_FAULT_MAX - 1)

#endif /* _UAPI_LINUX_SECNET_H */
