# libauth0logout - one non-recursive Makefile.
#
#   make            build build/libauth0logout.{a,so} and build/auth0logout
#   make check      build and run every test (installs missing packages)
#   make demo       run the CLI on examples/demo.json
#   make install    PREFIX, DESTDIR, bindir, libdir, includedir honoured
#   make check SANITIZE=1   the same suite under ASan + UBSan (build/asan)
#   make check VALGRIND=1   the same suite under valgrind memcheck
#
# A user's CFLAGS/LDFLAGS add to the flags the build needs; they never
# replace them.

VERSION   := 0.1.0
SOVERSION := 0

PREFIX      ?= /usr/local
exec_prefix ?= $(PREFIX)
bindir      ?= $(exec_prefix)/bin
libdir      ?= $(exec_prefix)/lib
includedir  ?= $(PREFIX)/include
pkgconfigdir ?= $(libdir)/pkgconfig

PKG_CONFIG ?= pkg-config
INSTALL    ?= install
AR         ?= ar
CFLAGS     ?= -O2 -g

SANITIZE ?= 0
VALGRIND ?= 0
ifeq ($(SANITIZE),1)
BUILD    ?= build/asan
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
else
BUILD    ?= build
SANFLAGS :=
endif

# Package flags are looked up when a recipe runs (deferred '='), after
# scripts/deps.sh has had the chance to install what is missing.
LIB_PKGS  := liburiparser libidn2
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIB_PKGS))
LIB_LIBS   = $(shell $(PKG_CONFIG) --libs $(LIB_PKGS))
# The adapters' shared code (examples/common) reads configs with jansson
# and libyaml and lints them with libpsl and uriparser.
CONFIG_PKGS := jansson yaml-0.1 libpsl liburiparser
JSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CONFIG_PKGS))
JSON_LIBS   = $(shell $(PKG_CONFIG) --libs $(CONFIG_PKGS))
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check)
MHD_CFLAGS   = $(shell $(PKG_CONFIG) --cflags libmicrohttpd)
MHD_LIBS     = $(shell $(PKG_CONFIG) --libs libmicrohttpd)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -Iinclude \
               -MMD -MP $(SANFLAGS)
LIB_ALL_CFLAGS = $(BASE_CFLAGS) -fPIC -fvisibility=hidden \
                 -DAUTH0LOGOUT_BUILDING $(LIB_CFLAGS) $(CFLAGS)
EX_ALL_CFLAGS  = $(BASE_CFLAGS) -Iexamples/common $(JSON_CFLAGS) $(CFLAGS)
TEST_ALL_CFLAGS = $(BASE_CFLAGS) -Werror -Iexamples/common $(CHECK_CFLAGS) \
                  $(JSON_CFLAGS) $(LIB_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
COMMON_SRCS := $(wildcard examples/common/*.c)
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/%.o)
CLI_SRCS := $(wildcard examples/cli/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_SRCS := $(filter-out $(TEST_SRCS),$(wildcard tests/*.c))
TEST_SUPPORT_OBJS := $(TEST_SUPPORT_SRCS:%.c=$(BUILD)/%.o)

SERVER_SRCS := $(wildcard examples/microhttpd/*.c)
SERVER_OBJS := $(SERVER_SRCS:%.c=$(BUILD)/%.o)
CGI_SRCS := $(wildcard examples/cgi/*.c)
CGI_OBJS := $(CGI_SRCS:%.c=$(BUILD)/%.o)

STATIC_LIB := $(BUILD)/libauth0logout.a
SHARED_LIB := $(BUILD)/libauth0logout.so.$(VERSION)
SONAME     := libauth0logout.so.$(SOVERSION)
CLI        := $(BUILD)/auth0logout
SERVER     := $(BUILD)/auth0logout-server
CGI        := $(BUILD)/auth0logout-cgi
ADAPTERS   := $(SERVER) $(CGI)

DEPS_MODE  := $(if $(filter 1,$(VALGRIND)),ci,check)
DEPS_BUILD := $(BUILD)/.deps-build
DEPS_ADAPTERS := $(BUILD)/.deps-adapters
DEPS_DEMO  := $(BUILD)/.deps-demo
DEPS_CHECK := $(BUILD)/.deps-$(DEPS_MODE)

.PHONY: all check demo examples tests fuzz bench install uninstall clean format deps
.DEFAULT_GOAL := all

all: $(STATIC_LIB) $(SHARED_LIB) $(CLI)

deps: $(DEPS_BUILD)
$(DEPS_BUILD):
	@mkdir -p $(@D)
	@sh scripts/deps.sh build
	@touch $@
$(DEPS_ADAPTERS): $(DEPS_BUILD)
	@sh scripts/deps.sh adapters
	@touch $@
$(DEPS_DEMO): $(DEPS_ADAPTERS)
	@sh scripts/deps.sh demo
	@touch $@
$(DEPS_CHECK): $(DEPS_ADAPTERS)
	@sh scripts/deps.sh check $(filter ci,$(DEPS_MODE))
	@touch $@

$(BUILD)/lib/%.o: lib/%.c | $(DEPS_BUILD)
	@mkdir -p $(@D)
	$(CC) $(LIB_ALL_CFLAGS) -c $< -o $@

$(BUILD)/examples/%.o: examples/%.c | $(DEPS_BUILD)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) -c $< -o $@

# The adapters need libmicrohttpd and libfcgi on top of the library's
# dependencies.
$(BUILD)/examples/microhttpd/%.o: examples/microhttpd/%.c | $(DEPS_ADAPTERS)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) $(MHD_CFLAGS) -c $< -o $@

$(BUILD)/examples/cgi/%.o: examples/cgi/%.c | $(DEPS_ADAPTERS)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_CHECK)
	@mkdir -p $(@D)
	$(CC) $(TEST_ALL_CFLAGS) -c $< -o $@

$(STATIC_LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(SHARED_LIB): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ \
	    $(ALL_LDFLAGS) $(LIB_LIBS)
	ln -sf libauth0logout.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libauth0logout.so

$(CLI): $(CLI_OBJS) $(COMMON_OBJS) $(STATIC_LIB)
	$(CC) -o $@ $(CLI_OBJS) $(COMMON_OBJS) $(STATIC_LIB) $(ALL_LDFLAGS) \
	    $(JSON_LIBS) $(LIB_LIBS)

$(SERVER): $(SERVER_OBJS) $(COMMON_OBJS) $(STATIC_LIB)
	$(CC) -o $@ $(SERVER_OBJS) $(COMMON_OBJS) $(STATIC_LIB) $(ALL_LDFLAGS) \
	    $(MHD_LIBS) $(JSON_LIBS) $(LIB_LIBS) -pthread

$(CGI): $(CGI_OBJS) $(COMMON_OBJS) $(STATIC_LIB)
	$(CC) -o $@ $(CGI_OBJS) $(COMMON_OBJS) $(STATIC_LIB) $(ALL_LDFLAGS) \
	    -lfcgi $(JSON_LIBS) $(LIB_LIBS)

examples: $(ADAPTERS)

# libFuzzer targets (tests/fuzz), each run for FUZZ_SECONDS with ASan and
# UBSan; built with clang from the library's sources, in build/fuzz.
FUZZ_SECONDS ?= 60
fuzz: | $(DEPS_BUILD)
	@sh scripts/deps.sh fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) build/fuzz

BOUNDS := $(BUILD)/tests/bounds/bounds
$(BOUNDS): $(BUILD)/tests/bounds/bounds.o $(STATIC_LIB)
	$(CC) -o $@ $< $(STATIC_LIB) $(ALL_LDFLAGS) $(LIB_LIBS) -pthread

# A benchmark, not a test: prints ns/decision against uriparser's bare
# parse, a scaling table (clients, entries), memory per entry and threads.
BENCH := $(BUILD)/auth0logout-bench
$(BENCH): $(BUILD)/bench/bench.o $(STATIC_LIB)
	$(CC) -o $@ $< $(STATIC_LIB) $(ALL_LDFLAGS) $(LIB_LIBS) -pthread

$(BUILD)/bench/%.o: bench/%.c | $(DEPS_BUILD)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(LIB_CFLAGS) $(CFLAGS) -c $< -o $@

bench: $(BENCH)
	@$(BENCH)

# Builds every test program without running it.
tests: $(TEST_BINS) $(BOUNDS)

# The .pc file is written at install time, so that it names the
# directories of that install (PREFIX, libdir, includedir).
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@libdir@|$(libdir)|g' \
	     -e 's|@includedir@|$(includedir)|g' -e 's|@VERSION@|$(VERSION)|g'

# Every test binary links the static library, the shared config loader and
# the test helpers.  tests/test_noalloc.c interposes malloc, which the
# sanitizers own, so under SANITIZE=1 it is built with -DAUTH0LOGOUT_NO_
# INTERPOSE and only checks what it can.
$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TEST_SUPPORT_OBJS) \
                       $(COMMON_OBJS) $(STATIC_LIB)
	$(CC) -o $@ $< $(TEST_SUPPORT_OBJS) $(COMMON_OBJS) $(STATIC_LIB) \
	    $(ALL_LDFLAGS) $(CHECK_LIBS) $(JSON_LIBS) $(LIB_LIBS) -ldl

ifeq ($(SANITIZE),1)
$(BUILD)/tests/test_noalloc.o: TEST_ALL_CFLAGS += -DAUTH0LOGOUT_NO_INTERPOSE
endif

VALGRIND_CMD := valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible
# Under valgrind and the sanitizers, Check runs tests in-process
# (CK_FORK=no): a fork per check costs ~0.1 s there, and leaks are then
# reported for the whole run.
ifeq ($(VALGRIND),1)
TEST_WRAPPER := $(VALGRIND_CMD)
TEST_ENV := CK_FORK=no AUTH0LOGOUT_WRAPPER="$(VALGRIND_CMD)"
else ifeq ($(SANITIZE),1)
TEST_WRAPPER :=
TEST_ENV := CK_FORK=no
else
TEST_WRAPPER :=
TEST_ENV :=
endif

INTEGRATION := $(wildcard tests/integration/*.sh)

# Integration tests (real servers, Chromium, Python) run in the plain
# build; the sanitizer and valgrind variants cover the unit suites.
check: $(TEST_BINS) $(BOUNDS) $(CLI) $(ADAPTERS) $(SHARED_LIB) $(STATIC_LIB) | $(DEPS_CHECK)
	@AUTH0LOGOUT_CLI=$(CLI) AUTH0LOGOUT_SRCDIR=. $(TEST_ENV) \
	    sh scripts/run-tests.sh "$(TEST_WRAPPER)" $(TEST_BINS)
	@CC="$(CC)" BUILD="$(BUILD)" MAKE="$(MAKE)" SANITIZE=$(SANITIZE) \
	    TEST_WRAPPER="$(TEST_WRAPPER)" sh scripts/consumer-test.sh
ifeq ($(SANITIZE)$(VALGRIND),00)
	@BUILD=$(BUILD) SERVER=$(SERVER) CGI=$(CGI) CLI=$(CLI) BOUNDS=$(BOUNDS) \
	    LIBSO=$(BUILD)/$(SONAME) SRCDIR=$(CURDIR) \
	    sh scripts/run-integration.sh $(INTEGRATION)
endif

demo: $(CLI) $(SERVER) | $(DEPS_DEMO)
	@sh examples/demo.sh $(CLI) examples/demo.json
	@sh examples/demo-server.sh $(SERVER) examples/demo.json

install: all
	$(INSTALL) -d $(DESTDIR)$(includedir) $(DESTDIR)$(libdir) \
	    $(DESTDIR)$(pkgconfigdir) $(DESTDIR)$(bindir)
	$(INSTALL) -m 644 include/auth0logout.h $(DESTDIR)$(includedir)/
	$(INSTALL) -m 644 $(STATIC_LIB) $(DESTDIR)$(libdir)/
	$(INSTALL) -m 755 $(SHARED_LIB) $(DESTDIR)$(libdir)/
	ln -sf libauth0logout.so.$(VERSION) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/libauth0logout.so
	$(PC_SED) auth0logout.pc.in > $(DESTDIR)$(pkgconfigdir)/auth0logout.pc
	chmod 644 $(DESTDIR)$(pkgconfigdir)/auth0logout.pc
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(bindir)/

uninstall:
	rm -f $(DESTDIR)$(includedir)/auth0logout.h \
	    $(DESTDIR)$(libdir)/libauth0logout.a \
	    $(DESTDIR)$(libdir)/libauth0logout.so.$(VERSION) \
	    $(DESTDIR)$(libdir)/$(SONAME) \
	    $(DESTDIR)$(libdir)/libauth0logout.so \
	    $(DESTDIR)$(pkgconfigdir)/auth0logout.pc \
	    $(DESTDIR)$(bindir)/auth0logout

format:
	clang-format -i include/*.h lib/*.c lib/*.h examples/*/*.c \
	    examples/*/*.h tests/*.c

clean:
	rm -rf build

-include $(wildcard $(BUILD)/lib/*.d $(BUILD)/examples/*/*.d $(BUILD)/tests/*.d \
    $(BUILD)/tests/*/*.d $(BUILD)/bench/*.d)
