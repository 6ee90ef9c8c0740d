#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# secnetctl version: text and JSON; a clear error without the module.
. "$(dirname "$0")/../lib.sh"

t_plan 13

# Asking for the family loads secnet through its alias when it is
# installed; with module loading off, secnetctl says what is missing.
usermodehelper=$(cat /proc/sys/kernel/modprobe)
echo /bin/false >/proc/sys/kernel/modprobe
expect_rc "version without the module exits 3" 3 secnetctl version
expect_match "version without the module says so" "$ERR" \
	'secnet kernel module is not loaded'
echo "$usermodehelper" >/proc/sys/kernel/modprobe

if modprobe -n secnet 2>/dev/null; then
	expect_rc "an installed secnet is loaded on first use" 0 secnetctl version
	expect_eq "by the genl family alias" "$(lsmod | grep -c '^secnet ')" "1"
fi
grep -q '^secnet ' /proc/modules || secnet_load ||
	{ fail "secnet.ko loads"; t_done; }

expect_rc "version exits 0" 0 secnetctl version
expect_match "version text names the module release" "$OUT" '0\.1\.0'
expect_match "version text names the running kernel" "$OUT" "$(uname -r)"
expect_match "version text lists the core feature" "$OUT" 'core'

run secnetctl -j version
json=$OUT
expect_eq "version -j: module" "$(jqv "$json" .module)" "0.1.0"
expect_eq "version -j: genl" "$(jqv "$json" .genl)" "2"
expect_eq "version -j: kernel" "$(jqv "$json" .kernel)" "$(uname -r)"
expect_eq "version -j: features" "$(jqv "$json" '.features | join(",")')" "core"

# The same reply seen raw: FEATURES is exactly the core's bit.
run python3 "$NL" send GET_VERSION
expect_eq "GET_VERSION reply carries FEATURES = 1 << CORE" \
	"$(jqv "$OUT" '.replies[0].VERSION.FEATURES')" "0100000000000000"

t_done
