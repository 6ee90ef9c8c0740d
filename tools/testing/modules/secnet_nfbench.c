// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nfbench.ko: the per-packet cost of a netfilter hook, whoever holds
 * it (secnet_nf, nftables, iptables), measured by injecting a packet trace
 * straight into the hook of the calling process's network namespace.
 *
 * debugfs secnet_nfbench/:
 *   trace  write: a trace as tools/testing/nf/rulegen writes it (a 16-byte
 *          header "SNBT", u32 version 1, u32 packets, u32 record size 16,
 *          little-endian; then per packet saddr[4] daddr[4] sport[2]
 *          dport[2] in network order, proto, TCP flags, 2 zero bytes).  It
 *          replaces the trace once the last byte has arrived.
 *          read: "packets N".
 *   run    write "HOOK ROUNDS" (HOOK: prerouting or input): every packet
 *          of the trace, ROUNDS times over, each in a fresh skb, goes
 *          through nf_hook(NFPROTO_IPV4, HOOK) of the writer's netns, as
 *          if received on its loopback device.  An accepted skb is
 *          consumed by the okfn; a dropped one was freed by netfilter.
 *          Batches of BATCH packets run with bottom halves (and so
 *          preemption) disabled, as in softirq, timed with local_clock().
 *          read: the last run's result, "key value" lines: ns_per_packet
 *          (median of the rounds), min_ns_per_packet (each batch's fastest
 *          round, summed), round_ns (each round), packets, rounds,
 *          accepted, dropped, stolen (per round), hook, netns (inode),
 *          and for an established run, established.
 *          write "prerouting ROUNDS established": the same with conntrack
 *          on in the netns for the run (nf_ct_netns_get()) and every
 *          packet made UDP, whose conntrack has no state machine.  First,
 *          once, each packet's connection is made ESTABLISHED: the packet,
 *          then (unless it found its entry established) its reply, each
 *          through PRE_ROUTING and LOCAL_IN, whose nf_confirm() puts a new
 *          entry in the table.  Then the timed rounds, whose packets find
 *          their entries at conntrack's PRE_ROUTING hook, before any
 *          firewall's.  "established" counts the packets whose connection
 *          the first step left ESTABLISHED: all of them, unless a rule
 *          dropped some.  The entries stay until conntrack times them out.
 * Whatever else the host runs can only slow a batch down (it steals the
 * vCPU), never speed it up: min_ns_per_packet is the cost with as little
 * of that in it as the rounds allow.
 * The skb's cost is the same in every netns: subtract a run in a netns
 * without rules to get the hook's own.
 */

#include <linux/debugfs.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack.h>

#define NFBENCH_MAGIC		"SNBT"
#define NFBENCH_VERSION		1
#define NFBENCH_MAX_PACKETS	BIT(20)
#define NFBENCH_MAX_ROUNDS	100U
#define NFBENCH_BATCH		64U

struct nfbench_hdr {
	char magic[4];
	__le32 version;
	__le32 packets;
	__le32 record_size;
};

struct nfbench_pkt {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 tcp_flags;
	u8 pad[2];
};

/* A trace being written through one open file. */
struct nfbench_upload {
	struct nfbench_hdr hdr;
	struct nfbench_pkt *pkts;
	size_t len;		/* bytes received, header included */
	size_t size;		/* bytes expected, once the header is in */
	bool done;		/* published: nothing more may come */
};

static struct dentry *nfbench_dir;

/* nfbench_lock guards the trace, the result, and serialises the runs. */
static DEFINE_MUTEX(nfbench_lock);
static struct nfbench_pkt *nfbench_trace;
static u32 nfbench_packets;
static char nfbench_result[1024];

static int nfbench_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	consume_skb(skb);
	return 0;
}

static struct sk_buff *nfbench_skb(const struct nfbench_pkt *p,
				   struct net_device *dev)
{
	unsigned int l4len, len;
	struct sk_buff *skb;
	struct iphdr *iph;
	void *l4;

	switch (p->proto) {
	case IPPROTO_TCP:
		l4len = sizeof(struct tcphdr);
		break;
	default:
		l4len = 8;	/* UDP, ICMP, or eight bytes of anything */
		break;
	}
	len = sizeof(*iph) + l4len;
	skb = alloc_skb(LL_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put(skb, sizeof(*iph));
	*iph = (struct iphdr) {
		.version = 4,
		.ihl = 5,
		.tot_len = htons(len),
		.frag_off = htons(IP_DF),
		.ttl = 64,
		.protocol = p->proto,
		.saddr = p->saddr,
		.daddr = p->daddr,
	};
	ip_send_check(iph);
	skb_set_transport_header(skb, sizeof(*iph));
	l4 = skb_put_zero(skb, l4len);
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		th->source = p->sport;
		th->dest = p->dport;
		th->doff = sizeof(*th) / 4;
		((u8 *)th)[13] = p->tcp_flags;	/* as tcp_flag_byte() */
		th->window = htons(65535);
	} else if (p->proto == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		uh->source = p->sport;
		uh->dest = p->dport;
		uh->len = htons(l4len);
	} else if (p->proto == IPPROTO_ICMP) {
		*(u8 *)l4 = 8;	/* echo request */
	}
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->dev = dev;
	return skb;
}

struct nfbench_count {
	u64 accepted;
	u64 dropped;
	u64 stolen;
};

/*
 * One pass over the trace; returns the nanoseconds spent in batches, or a
 * negative errno.  @best[b] is lowered to batch b's time if that is less.
 */
static s64 nfbench_round(struct net *net, unsigned int hook,
			 const struct nfbench_pkt *pkts,
			 struct nfbench_count *c, u64 *best)
{
	struct net_device *dev = net->loopback_dev;
	u32 i = 0, j, end;
	u64 ns = 0, t0, t;
	int err = 0;

	while (i < nfbench_packets) {
		end = min(nfbench_packets, i + NFBENCH_BATCH);
		local_bh_disable();
		t0 = local_clock();
		for (j = i; j < end; j++) {
			struct sk_buff *skb;
			int ret;

			skb = nfbench_skb(&pkts[j], dev);
			if (!skb) {
				err = -ENOMEM;
				break;
			}
			ret = nf_hook(NFPROTO_IPV4, hook, net, NULL, skb, dev,
				      NULL, nfbench_okfn);
			if (ret == 1) {
				nfbench_okfn(net, NULL, skb);
				c->accepted++;
			} else if (ret < 0) {
				c->dropped++;
			} else {
				c->stolen++;
			}
		}
		t = local_clock() - t0;
		local_bh_enable();
		ns += t;
		best[i / NFBENCH_BATCH] = min(best[i / NFBENCH_BATCH], t);
		if (err)
			return err;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
		i = end;
	}
	return ns;
}

/*
 * @p through PRE_ROUTING and, if it gets through, LOCAL_IN; *@ctinfo is its
 * conntrack state after PRE_ROUTING, IP_CT_UNTRACKED for none or a drop.
 */
static int nfbench_deliver(struct net *net, const struct nfbench_pkt *p,
			   enum ip_conntrack_info *ctinfo)
{
	struct net_device *dev = net->loopback_dev;
	struct sk_buff *skb;
	int ret;

	*ctinfo = IP_CT_UNTRACKED;
	skb = nfbench_skb(p, dev);
	if (!skb)
		return -ENOMEM;
	local_bh_disable();
	ret = nf_hook(NFPROTO_IPV4, NF_INET_PRE_ROUTING, net, NULL, skb, dev,
		      NULL, nfbench_okfn);
	if (ret == 1) {
		if (!nf_ct_get(skb, ctinfo))
			*ctinfo = IP_CT_UNTRACKED;
		ret = nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, net, NULL, skb,
			      dev, NULL, nfbench_okfn);
		if (ret == 1)
			nfbench_okfn(net, NULL, skb);
	}
	local_bh_enable();
	return 0;
}

static bool nfbench_ct_established(enum ip_conntrack_info ctinfo)
{
	return ctinfo == IP_CT_ESTABLISHED || ctinfo == IP_CT_ESTABLISHED_REPLY;
}

/* Each packet's connection ESTABLISHED: see the comment at the top. */
static int nfbench_establish(struct net *net, const struct nfbench_pkt *pkts,
			     u32 *established)
{
	enum ip_conntrack_info ctinfo;
	struct nfbench_pkt reply;
	u32 i;
	int err;

	for (i = 0; i < nfbench_packets; i++) {
		err = nfbench_deliver(net, &pkts[i], &ctinfo);
		if (!err && !nfbench_ct_established(ctinfo)) {
			reply = pkts[i];
			swap(reply.saddr, reply.daddr);
			swap(reply.sport, reply.dport);
			err = nfbench_deliver(net, &reply, &ctinfo);
		}
		if (err)
			return err;
		*established += nfbench_ct_established(ctinfo);
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

static int nfbench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Tenths of a nanosecond per packet, as "123.4". */
static int nfbench_print_ns(char *buf, size_t size, u64 tenths)
{
	return scnprintf(buf, size, "%llu.%llu", tenths / 10, tenths % 10);
}

/* The trace made UDP, for an established run. */
static struct nfbench_pkt *nfbench_udp_trace(void)
{
	struct nfbench_pkt *pkts;
	u32 i;

	pkts = kvmalloc_array(nfbench_packets, sizeof(*pkts), GFP_KERNEL);
	if (!pkts)
		return NULL;
	for (i = 0; i < nfbench_packets; i++) {
		pkts[i] = nfbench_trace[i];
		pkts[i].proto = IPPROTO_UDP;
		pkts[i].tcp_flags = 0;
	}
	return pkts;
}

static int nfbench_run(const char *hook_name, unsigned int hook,
		       unsigned int rounds, bool established)
{
	struct net *net = current->nsproxy->net_ns;
	struct nfbench_count c = {}, first = {};
	size_t n = sizeof(nfbench_result), off;
	char *buf = nfbench_result;
	unsigned int r, b, batches = DIV_ROUND_UP(nfbench_packets, NFBENCH_BATCH);
	const struct nfbench_pkt *pkts = nfbench_trace;
	struct nfbench_pkt *udp = NULL;
	u64 *per, *sorted, *best, med, min = 0;
	u32 nest = 0;
	int err = 0;

	if (!nfbench_packets)
		return -ENODATA;
	per = kcalloc(2 * rounds + batches, sizeof(*per), GFP_KERNEL);
	if (!per)
		return -ENOMEM;
	sorted = per + rounds;
	best = sorted + rounds;
	for (b = 0; b < batches; b++)
		best[b] = U64_MAX;
	if (established) {
		udp = nfbench_udp_trace();
		if (!udp) {
			kfree(per);
			return -ENOMEM;
		}
		pkts = udp;
		err = nf_ct_netns_get(net, NFPROTO_IPV4);
		if (err)
			goto out_udp;
		err = nfbench_establish(net, pkts, &nest);
		if (err)
			goto out;
	}
	for (r = 0; r < rounds; r++) {
		s64 ns;

		c = (struct nfbench_count) {};
		ns = nfbench_round(net, hook, pkts, &c, best);
		if (ns < 0) {
			err = ns;
			goto out;
		}
		/* Tenths of a nanosecond per packet. */
		per[r] = div_u64((u64)ns * 10, nfbench_packets);
		if (!r)
			first = c;
		/* The same trace through the same rules: the same verdicts. */
		if (memcmp(&c, &first, sizeof(c))) {
			pr_warn("verdicts changed between rounds: the ruleset changed under the run\n");
			err = -EAGAIN;
			goto out;
		}
	}
	memcpy(sorted, per, rounds * sizeof(*per));
	sort(sorted, rounds, sizeof(*sorted), nfbench_cmp_u64, NULL);
	med = rounds % 2 ? sorted[rounds / 2] :
		(sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;

	for (b = 0; b < batches; b++)
		min += best[b];
	off = scnprintf(buf, n, "ns_per_packet ");
	off += nfbench_print_ns(buf + off, n - off, med);
	off += scnprintf(buf + off, n - off, "\nmin_ns_per_packet ");
	off += nfbench_print_ns(buf + off, n - off,
				div_u64(min * 10, nfbench_packets));
	off += scnprintf(buf + off, n - off, "\nround_ns");
	for (r = 0; r < rounds; r++) {
		off += scnprintf(buf + off, n - off, " ");
		off += nfbench_print_ns(buf + off, n - off, per[r]);
	}
	off += scnprintf(buf + off, n - off,
			 "\npackets %u\nrounds %u\naccepted %llu\ndropped %llu\nstolen %llu\nhook %s\nnetns %u\n",
			 nfbench_packets, rounds, c.accepted, c.dropped,
			 c.stolen, hook_name, net->ns.inum);
	if (established)
		scnprintf(buf + off, n - off, "established %u\n", nest);
out:
	if (established)
		nf_ct_netns_put(net, NFPROTO_IPV4);
out_udp:
	kvfree(udp);
	kfree(per);
	return err;
}

static ssize_t nfbench_run_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char cmd[32], name[16], mode[16];
	unsigned int rounds, hook;
	bool established;
	int err, n;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	n = sscanf(cmd, "%15s %u %15s", name, &rounds, mode);
	if (n < 2 || !rounds || rounds > NFBENCH_MAX_ROUNDS)
		return -EINVAL;
	established = n == 3;
	if (established && strcmp(mode, "established"))
		return -EINVAL;
	if (!strcmp(name, "input") && !established)
		hook = NF_INET_LOCAL_IN;
	else if (!strcmp(name, "prerouting"))
		hook = NF_INET_PRE_ROUTING;
	else
		return -EINVAL;	/* conntrack finds the entries at PRE_ROUTING */

	mutex_lock(&nfbench_lock);
	err = nfbench_run(name, hook, rounds, established);
	if (err)
		nfbench_result[0] = '\0';
	mutex_unlock(&nfbench_lock);
	return err ? err : count;
}

static ssize_t nfbench_run_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&nfbench_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, nfbench_result,
				      strlen(nfbench_result));
	mutex_unlock(&nfbench_lock);
	return ret;
}

static const struct file_operations nfbench_run_fops = {
	.owner = THIS_MODULE,
	.read = nfbench_run_read,
	.write = nfbench_run_write,
	.llseek = default_llseek,
};

static int nfbench_trace_open(struct inode *inode, struct file *file)
{
	struct nfbench_upload *up;

	if (file->f_mode & FMODE_WRITE) {
		up = kzalloc(sizeof(*up), GFP_KERNEL);
		if (!up)
			return -ENOMEM;
		file->private_data = up;
	}
	return nonseekable_open(inode, file);
}

static int nfbench_trace_release(struct inode *inode, struct file *file)
{
	struct nfbench_upload *up = file->private_data;

	if (up) {
		kvfree(up->pkts);
		kfree(up);
	}
	return 0;
}

/* Checks a complete header and makes room for the packets. */
static int nfbench_trace_begin(struct nfbench_upload *up)
{
	u32 packets = le32_to_cpu(up->hdr.packets);

	if (memcmp(up->hdr.magic, NFBENCH_MAGIC, sizeof(up->hdr.magic)) ||
	    le32_to_cpu(up->hdr.version) != NFBENCH_VERSION ||
	    le32_to_cpu(up->hdr.record_size) != sizeof(struct nfbench_pkt))
		return -EINVAL;
	if (!packets || packets > NFBENCH_MAX_PACKETS)
		return -ERANGE;
	up->pkts = kvmalloc_array(packets, sizeof(*up->pkts), GFP_KERNEL);
	if (!up->pkts)
		return -ENOMEM;
	up->size = sizeof(up->hdr) + (size_t)packets * sizeof(*up->pkts);
	return 0;
}

static ssize_t nfbench_trace_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct nfbench_upload *up = file->private_data;
	size_t done = 0, n;
	int err;

	if (!up)
		return -EBADF;
	if (up->done)
		return -EFBIG;	/* more than the header said */
	while (done < count) {
		if (up->len < sizeof(up->hdr)) {
			n = min(count - done, sizeof(up->hdr) - up->len);
			if (copy_from_user((u8 *)&up->hdr + up->len,
					   ubuf + done, n))
				return -EFAULT;
		} else {
			if (!up->pkts) {
				err = nfbench_trace_begin(up);
				if (err)
					return err;
			}
			n = min(count - done, up->size - up->len);
			if (!n)
				return -EFBIG;	/* more than the header said */
			if (copy_from_user((u8 *)up->pkts + up->len -
					   sizeof(up->hdr), ubuf + done, n))
				return -EFAULT;
		}
		up->len += n;
		done += n;
		if (up->len == sizeof(up->hdr) && !up->pkts) {
			err = nfbench_trace_begin(up);
			if (err)
				return err;
		}
	}
	if (up->pkts && up->len == up->size) {
		mutex_lock(&nfbench_lock);
		swap(nfbench_trace, up->pkts);
		nfbench_packets = le32_to_cpu(up->hdr.packets);
		nfbench_result[0] = '\0';
		mutex_unlock(&nfbench_lock);
		/* The old trace goes when the file closes. */
		up->done = true;
	}
	return count;
}

static ssize_t nfbench_trace_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[32];
	int len;

	mutex_lock(&nfbench_lock);
	len = scnprintf(buf, sizeof(buf), "packets %u\n", nfbench_packets);
	mutex_unlock(&nfbench_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations nfbench_trace_fops = {
	.owner = THIS_MODULE,
	.open = nfbench_trace_open,
	.release = nfbench_trace_release,
	.read = nfbench_trace_read,
	.write = nfbench_trace_write,
	.llseek = no_llseek,
};

static int __init nfbench_init(void)
{
	nfbench_dir = debugfs_create_dir("secnet_nfbench", NULL);
	if (IS_ERR(nfbench_dir))
		return PTR_ERR(nfbench_dir);
	debugfs_create_file("trace", 0600, nfbench_dir, NULL,
			    &nfbench_trace_fops);
	debugfs_create_file("run", 0600, nfbench_dir, NULL, &nfbench_run_fops);
	return 0;
}

static void __exit nfbench_exit(void)
{
	debugfs_remove_recursive(nfbench_dir);
	kvfree(nfbench_trace);
}

module_init(nfbench_init);
module_exit(nfbench_exit);
MODULE_DESCRIPTION("secnet test: netfilter hook cost over a packet trace");
MODULE_LICENSE("GPL");
