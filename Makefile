# SPDX-License-Identifier: GPL-2.0
#
# secnet: build, install and test.  `make help` lists the targets.

SECNET_VERSION := 0.1.0

# The kernel tree to build against.  A machine running the kernel it builds
# for has /lib/modules/$(uname -r)/build; elsewhere (a build host, these VMs'
# host) fall back to the newest Debian headers installed.
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
		    $(lastword $(sort $(wildcard /lib/modules/*-amd64/build))))

# Where modules_install puts the modules, below /lib/modules/<release>/.
INSTALL_MOD_DIR ?= updates/secnet
PREFIX ?= /usr/local
DESTDIR ?=

# The release of the tree in KDIR, for depmod (Debian's headers carry the
# upstream version in include/config/kernel.release, so ask utsrelease.h).
KDIR_RELEASE = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
		 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)

KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR)

.PHONY: all modules secnetctl ip-plugin clean modules_install install \
	dkms-install uapi-check lint kernel check fuzz demo shell bench deps help \
	kdir-check

all: modules secnetctl ip-plugin

modules: kdir-check
	$(KBUILD) modules

secnetctl:
	$(MAKE) -C tools/secnetctl

ip-plugin:
	$(MAKE) -C tools/iproute2

kdir-check:
	@test -n "$(KDIR)" -a -f "$(KDIR)/Makefile" || { \
		echo "No kernel build tree at '$(KDIR)'. Install the headers" \
		     "(apt-get install linux-headers-amd64) or pass KDIR=/path/to/tree." >&2; \
		exit 1; }

clean:
	-$(KBUILD) clean 2>/dev/null
	$(MAKE) -C tools/secnetctl clean
	$(MAKE) -C tools/iproute2 clean
	rm -rf .build

# Installed unsigned: a distribution tree asks for a signing key it does not
# ship (see "Secure Boot" in the README for signing).
modules_install: modules
	$(KBUILD) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) CONFIG_MODULE_SIG_ALL= \
		modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KDIR_RELEASE)

install: modules_install secnetctl ip-plugin
	$(MAKE) -C tools/secnetctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	$(MAKE) -C tools/iproute2 install DESTDIR=$(DESTDIR)

# DKMS builds the same modules from a copy of the sources in /usr/src.
DKMS_SRC = $(DESTDIR)/usr/src/secnet-$(SECNET_VERSION)
dkms-install:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	{ git ls-files -z 2>/dev/null || find * \( -name .build -o -name .git \) \
		-prune -o -type f -print0; } | \
		grep -zv '^tools/testing/\|^\.ci/' | xargs -0 cp --parents -t $(DKMS_SRC)
	sed -i 's/@VERSION@/$(SECNET_VERSION)/' $(DKMS_SRC)/dkms.conf
	tools/dkms-modules $(DKMS_SRC) >>$(DKMS_SRC)/dkms.conf
	@echo "now: dkms add secnet/$(SECNET_VERSION) && dkms install secnet/$(SECNET_VERSION)"

# The uapi header must stand alone in strict C90 userspace.
uapi-check:
	$(CC) -std=c90 -pedantic -Wall -Wextra -Werror -fsyntax-only \
		-Iuapi -include linux/secnet.h -x c /dev/null

# W=1, sparse and checkpatch over a scratch copy against the stock kernel.
lint: deps
	tools/testing/lint

# The debug test kernel (KUnit, KASAN, lockdep, kmemleak), cached.
kernel: deps
	tools/vm/kernel build debug

check: deps
	tools/testing/check

demo: deps
	tools/testing/demo

# Long: the fuzzer for a million messages and 100 load/unload cycles under
# traffic, in the debug guest.  Never part of check, which runs a short one.
FUZZ_COUNT ?= 1000000
FUZZ_CYCLES ?= 100
fuzz: deps
	FUZZ_COUNT=$(FUZZ_COUNT) FUZZ_CYCLES=$(FUZZ_CYCLES) FUZZ_SEED=$(FUZZ_SEED) \
		tools/testing/fuzz-run

KERNEL ?= stock
shell: deps
	tools/testing/build $(KERNEL)
	tools/vm/run --kernel $(KERNEL) --modules .build/$(KERNEL)/src

# Benchmarks measure, they do not pass or fail: never part of check.
bench: deps
	tools/testing/bench/run --kernel $(KERNEL) $(BENCH)

deps:
	@tools/deps

help:
	@echo 'secnet $(SECNET_VERSION) targets:'
	@echo '  all (default)     build the modules (against KDIR), secnetctl, the ip plugin'
	@echo '  modules           build every module in one M= pass'
	@echo '  secnetctl         build tools/secnetctl/secnetctl'
	@echo '  ip-plugin         build the ip plugin for "type secnet peer ..." (tools/iproute2)'
	@echo '  modules_install   install into /lib/modules/<release>/$(INSTALL_MOD_DIR), run depmod'
	@echo '  install           modules_install, secnetctl and its man page under PREFIX,'
	@echo '                    the ip plugin where ip loads it (/usr/lib/<multiarch>/ip)'
	@echo '  dkms-install      copy the sources to /usr/src/secnet-$(SECNET_VERSION) for DKMS'
	@echo '  check             build for both guest kernels, run KUnit and integration tests'
	@echo '  fuzz              fuzz the netlink family (FUZZ_COUNT=1000000 messages,'
	@echo '                    FUZZ_SEED=) and load/unload every module FUZZ_CYCLES=100'
	@echo '                    times under traffic, in the debug guest; about 1.5 h'
	@echo '  demo              boot the stock kernel with secnet loaded and show it working'
	@echo '  shell             interactive guest with secnet built in (KERNEL=stock|debug)'
	@echo '  bench             benchmarks in one guest, minutes (BENCH=xfrm|macsec|ktls|nf|set|synflood,'
	@echo '                    KERNEL=stock|debug); BENCH=cls-host: the classifier on the host, no guest'
	@echo '  kernel            build (or reuse) the cached debug test kernel'
	@echo '  lint              W=1, sparse (C=2) and checkpatch over all kernel code'
	@echo '  uapi-check        compile the uapi header alone as strict C90'
	@echo '  deps              apt-get install what the build and tests need'
	@echo '  clean             remove build products and .build/'
	@echo 'variables: KDIR=$(KDIR)'
	@echo '           INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) INSTALL_MOD_PATH= PREFIX=$(PREFIX)'
	@echo '           T=<test name pattern> (check), KERNEL=stock|debug (check, shell)'
