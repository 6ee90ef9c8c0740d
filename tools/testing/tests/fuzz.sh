#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: debug
# The family's fuzzer (tools/testing/fuzz.py), a short run: valid, boundary
# and mutated messages to every command, from namespaces holding a secnet
# pair, rules, offloaded SAs and traffic, torn down with all of that in
# place.  No splat, no leak, every namespace freed, every command reached
# and every valid message accepted, or the generator itself is broken.
# `make fuzz` runs the same for 1,000,000 messages (SECNET_FUZZ_*).
. "$(dirname "$0")/../lib.sh"

t_plan 7

# A fixed seed keeps `make check` reproducible; make fuzz picks its own.
seed=${SECNET_FUZZ_SEED:-1}
count=${SECNET_FUZZ_COUNT:-2000}
batch=${SECNET_FUZZ_BATCH:-1000}

modprobe -q -a nf_conntrack nf_reject_ipv4 nf_reject_ipv6 macsec tls 2>/dev/null
if ! secnet_load || ! insmod "$(ko xfrm/secnet_xfrm.ko)" ||
   ! insmod "$(ko netfilter/secnet_nf.ko)" ||
   ! insmod "$(ko macsec/secnet_macsec.ko)" ||
   ! insmod "$(ko ktls/secnet_ktls.ko)"; then
	fail "the modules load"
	t_done
fi
kmsg_mark
json=$T_RUN.json
# Its progress and failure lines go to stderr as they come, as well.
: >"$T_RUN.fuzz"
python3 "$SECNET_REPO/tools/testing/fuzz.py" --seed "$seed" --count "$count" \
	--batch "$batch" --progress "${SECNET_FUZZ_PROGRESS:-0}" \
	--json "$json" >>"$T_RUN.fuzz" 2> >(tee -a "$T_RUN.fuzz" >&2)
rc=$?
slurp out "$T_RUN.fuzz"
summary=$(sed 's/^/# /' <<<"$out")
echo "$summary"
j() { jq -r "$1" "$json" 2>/dev/null; }

expect_eq "fuzz.py (seed $seed, $count messages) passes" "$rc" 0
expect_eq "no kernel splat while fuzzing" \
	"$(j '[.failures[] | select(startswith("kernel:"))] | length')$(kmsg_since_mark | grep -cE 'BUG:|WARNING:|KASAN|Oops|circular locking')" "00"
expect_eq "kmemleak found nothing" "$(j .leaks)" 0
expect_eq "no namespace stuck (freed, but for the few the kernel keeps)" \
	"$(j '.netns_left != null and .netns_left <= .netns_slack')" true
expect_eq "every command was exercised" \
	"$(j '[.commands | to_entries[] | select(.key != "other" and .value.sent == 0) | .key] | join(",")')" ""
expect_eq "every valid message was accepted, some for every command" \
	"$(j '[.commands | to_entries[] | select(.key != "other" and (.key | endswith("_NTF") | not) and (.value.valid == 0 or .value.valid_ok != .value.valid)) | .key] | join(",")')" ""
expect_eq "traffic crossed the pair while fuzzing" \
	"$(j '.traffic.received > 0')" true
rm -f "$json" "$T_RUN.fuzz"

t_done
