# boxlock: BPF object -> skeleton -> boxlock binary, unit tests, guest tests, demo, benchmarks.
# `make V=1` shows every command.

OUTPUT ?= .output
CLANG ?= clang
CC ?= gcc
BPFTOOL ?= bpftool
ARCH := x86
# The one place the version is written: `boxlock version` prints it (loader/cmd_help.c).
BOXLOCK_VERSION := 0.3.0

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-Ibpf-lsm -Ibpf-lsm/vmlinux -Iinclude
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Iinclude -Icommon -Ipolicy -Iloader -I$(OUTPUT) \
	-DBOXLOCK_VERSION='"$(BOXLOCK_VERSION)"'
LIBS := -lbpf -lelf -lz -linih -ljansson -lseccomp
# The daemon's --publish (loader/daemon/publish.c): hiredis, through pkg-config.
CFLAGS += $(shell pkg-config --cflags hiredis)
LIBS += $(shell pkg-config --libs hiredis)
# The daemon's metrics endpoint (loader/daemon/metrics_http.c) opens libmicrohttpd with dlopen,
# as the Docker client opens libcurl (loader/daemon/mhd_dl.h says why): only its header here.
CFLAGS += $(shell pkg-config --cflags libmicrohttpd)

BPF_SRCS := $(wildcard bpf-lsm/*.bpf.c)
BPF_HDRS := $(wildcard bpf-lsm/*.h) include/boxlock.h
# maps.bpf.c first: the static linker resolves the other objects' extern maps against it.
BPF_OBJS := $(OUTPUT)/bpf/maps.bpf.o \
	$(patsubst bpf-lsm/%.bpf.c,$(OUTPUT)/bpf/%.bpf.o,$(filter-out bpf-lsm/maps.bpf.c,$(BPF_SRCS)))
# common/: user-side code every part shares (the ABI's names); policy/: the profile language.
COMMON_SRCS := $(wildcard common/*.c)
POLICY_SRCS := $(COMMON_SRCS) $(wildcard policy/*.c)
POLICY_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(POLICY_SRCS))
# boxlock-runc's main() is its own; the rest of loader/shim/ is in libloader.a with the loader.
SHIM_MAIN := loader/shim/main.c
LOADER_SRCS := $(filter-out $(SHIM_MAIN),$(wildcard loader/*.c loader/*/*.c))
LOADER_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(LOADER_SRCS))
USER_HDRS := $(wildcard include/*.h common/*.h policy/*.h loader/*.h loader/*/*.h)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(UNIT_SRCS))
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(OUTPUT)/tests/helpers/%,$(HELPER_SRCS))

.PHONY: all deps check unit lint guest-test fuzz demo bench format clean install

all: $(OUTPUT)/boxlock $(OUTPUT)/boxlock-runc $(HELPER_BINS)

deps:
	$(Q)scripts/deps.sh

$(OUTPUT)/bpf/%.bpf.o: bpf-lsm/%.bpf.c $(BPF_HDRS) | $(OUTPUT)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# One object from all hook files: maps are defined once (maps.bpf.c) and extern elsewhere.
$(OUTPUT)/boxlock.bpf.o: $(BPF_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(OUTPUT)/boxlock.skel.h: $(OUTPUT)/boxlock.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name boxlock > $@

# The object's name for the pinned record of what was loaded (loader/build_record.h).
$(OUTPUT)/boxlock.build.h: $(OUTPUT)/boxlock.bpf.o
	$(call msg,GEN,$@)
	$(Q)printf '#define BL_BPF_BUILD_ID "%s"\n' "$$(sha256sum $< | cut -c1-64)" > $@

$(OUTPUT)/loader/%.o: loader/%.c $(USER_HDRS) $(OUTPUT)/boxlock.skel.h $(OUTPUT)/boxlock.build.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/policy/%.o: policy/%.c $(USER_HDRS) | $(OUTPUT)/policy
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/common/%.o: common/%.c $(USER_HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# The loader without its main(), for unit tests of its pure logic.
$(OUTPUT)/libloader.a: $(filter-out $(OUTPUT)/loader/main.o,$(LOADER_OBJS))
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(OUTPUT)/boxlock: $(LOADER_OBJS) $(POLICY_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

# The OCI runtime shim: runc's command line, the container bound before create returns.
$(OUTPUT)/boxlock-runc: $(OUTPUT)/loader/shim/main.o $(OUTPUT)/libloader.a $(POLICY_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

$(OUTPUT)/tests/test_%: tests/unit/test_%.c $(OUTPUT)/libloader.a $(POLICY_OBJS) $(USER_HDRS) \
		| $(OUTPUT)/tests
	$(call msg,TEST,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit $< $(OUTPUT)/libloader.a $(POLICY_OBJS) -lcmocka $(LIBS) -o $@

# Test helpers run inside containers with nothing but themselves: static.
$(OUTPUT)/tests/helpers/%: tests/helpers/%.c | $(OUTPUT)/tests/helpers
	$(call msg,HELPER,$@)
	$(Q)$(CC) $(CFLAGS) -static $< -o $@

# The benchmark runs in any cgroup with nothing but itself: static too (bench/blbench.c).
$(OUTPUT)/bench/blbench: bench/blbench.c include/boxlock.h | $(OUTPUT)/bench
	$(call msg,BENCH,$@)
	$(Q)$(CC) $(CFLAGS) -static $< -o $@

# The floor of `make bench` (state Z): boxlock's hooks and program names, each program only
# allowing (bench/floor-gen.sh), and the tool that attaches it (bench/blfloor.c).
$(OUTPUT)/bench/floor.bpf.c: $(OUTPUT)/boxlock.bpf.o bench/floor-gen.sh | $(OUTPUT)/bench
	$(call msg,GEN,$@)
	$(Q)bench/floor-gen.sh $< > $@

$(OUTPUT)/bench/floor.bpf.o: $(OUTPUT)/bench/floor.bpf.c
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/bench/blfloor: bench/blfloor.c | $(OUTPUT)/bench
	$(call msg,BENCH,$@)
	$(Q)$(CC) $(CFLAGS) $< -lbpf -lelf -lz -o $@

BENCH_BINS := $(OUTPUT)/bench/blbench $(OUTPUT)/bench/floor.bpf.o $(OUTPUT)/bench/blfloor

$(OUTPUT)/bpf $(OUTPUT)/loader $(OUTPUT)/policy $(OUTPUT)/tests $(OUTPUT)/tests/helpers $(OUTPUT)/bench:
	$(Q)mkdir -p $@

# The README's test command: unit tests here, then every guest test in one guest boot.
check:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)tests/run-all.sh

# Seconds, no root, no kernel: the source's include graph, the profile language and the loader's
# pure logic; then the check that the usage, the man page and the bash completion agree.
unit: $(UNIT_BINS) $(OUTPUT)/boxlock
	$(Q)scripts/check-includes.sh
	$(Q)tests/run-unit.sh $(UNIT_BINS)
	$(Q)scripts/check-cli-docs.sh $(OUTPUT)/boxlock

# The source's own shape: no two user-side modules that include each other.
lint:
	$(Q)scripts/check-includes.sh

guest-test: all
	$(Q)scripts/vm-run --rw $(abspath $(OUTPUT)) -- tests/guest/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

demo:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh

bench:
	$(Q)scripts/deps.sh
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BINS)
	$(Q)scripts/bench.sh

format:
	$(Q)clang-format -i $(BPF_SRCS) $(wildcard bpf-lsm/*.h) $(LOADER_SRCS) $(SHIM_MAIN) $(POLICY_SRCS) \
		$(USER_HDRS) $(UNIT_SRCS) $(HELPER_SRCS)

clean:
	$(Q)rm -rf $(OUTPUT)

# Installs the binaries, the shipped profiles (kept if already there), the systemd unit, podman's
# OCI hook (pointing at this PREFIX), the man page and the bash completion. DESTDIR and PREFIX as
# usual.
PREFIX ?= /usr/local
install: all
	install -D -m 0755 $(OUTPUT)/boxlock $(DESTDIR)$(PREFIX)/sbin/boxlock
	install -D -m 0755 $(OUTPUT)/boxlock-runc $(DESTDIR)$(PREFIX)/sbin/boxlock-runc
	install -d $(DESTDIR)/etc/containers/oci/hooks.d
	sed 's|/usr/local/sbin/|$(PREFIX)/sbin/|' packaging/oci-hooks.d/boxlock.json \
		>$(DESTDIR)/etc/containers/oci/hooks.d/boxlock.json
	install -d $(DESTDIR)/etc/boxlock/profiles
	for f in profiles/*.ini; do \
		[ -e $(DESTDIR)/etc/boxlock/$$f ] || install -m 0644 $$f $(DESTDIR)/etc/boxlock/$$f; \
	done
	install -D -m 0644 packaging/boxlock.service $(DESTDIR)/etc/systemd/system/boxlock.service
	install -D -m 0644 docs/boxlock.8 $(DESTDIR)$(PREFIX)/share/man/man8/boxlock.8
	install -D -m 0644 scripts/boxlock.bash-completion \
		$(DESTDIR)/usr/share/bash-completion/completions/boxlock
