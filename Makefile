# SPDX-License-Identifier: MIT
# libauth0logout - one non-recursive Makefile.
#
#   make              the core library: build/libauth0logout.{a,so}
#                     (needs only uriparser and libidn2)
#   make all          the core, the config library, the auth0logout command,
#                     auth0logout-server and auth0logout-cgi
#   make check        build and run every test (installs missing packages);
#                     make check -j2 builds in parallel
#   make demo         the CLI and the server on examples/demo.json
#   make install      PREFIX, DESTDIR, bindir, sbindir, libdir, includedir,
#                     mandir honoured; also the Python module
#   make uninstall    removes all of it
#   make check SANITIZE=1   the unit suites and the adapters' integration
#                     tests under ASan + UBSan (build/asan)
#   make check VALGRIND=1   the unit suites under valgrind memcheck
#   make abi-check    abidiff of both libraries against abi/
#   make bench        the decision benchmark; bench/cli-batch.sh the CLI's
#
# A user's CFLAGS/LDFLAGS add to the flags the build needs; they never
# replace them.

# The API version (semantic versioning) and, apart, each library's ABI:
# SONAME libauth0logout.so.$(SOVERSION); the file name adds the ABI's
# revision.  See "ABI policy" in include/auth0logout.h.
VERSION     := 0.4.0
SOVERSION   := 1
ABI_VERSION := $(SOVERSION).0.0

PREFIX      ?= /usr/local
exec_prefix ?= $(PREFIX)
bindir      ?= $(exec_prefix)/bin
sbindir     ?= $(exec_prefix)/sbin
libdir      ?= $(exec_prefix)/lib
includedir  ?= $(PREFIX)/include
datarootdir ?= $(PREFIX)/share
mandir      ?= $(datarootdir)/man
datadir     ?= $(datarootdir)
pkgconfigdir ?= $(libdir)/pkgconfig

PKG_CONFIG ?= pkg-config
INSTALL    ?= install
AR         ?= ar
PYTHON     ?= python3
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
CORE_PKGS   := liburiparser libidn2
CORE_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS))
CORE_LIBS    = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS))
CONFIG_PKGS := jansson yaml-0.1 libpsl libcrypto
CONFIG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CONFIG_PKGS))
CONFIG_LIBS   = $(shell $(PKG_CONFIG) --libs $(CONFIG_PKGS))
PG_PKGS     := libpq
PG_CFLAGS     = $(shell $(PKG_CONFIG) --cflags $(PG_PKGS))
PG_LIBS       = $(shell $(PKG_CONFIG) --libs $(PG_PKGS))
CHECK_CFLAGS  = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS    = $(shell $(PKG_CONFIG) --libs check)
MHD_CFLAGS    = $(shell $(PKG_CONFIG) --cflags libmicrohttpd)
MHD_LIBS      = $(shell $(PKG_CONFIG) --libs libmicrohttpd)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -Iinclude \
               -MMD -MP $(SANFLAGS)
CORE_ALL_CFLAGS = $(BASE_CFLAGS) -fPIC -fvisibility=hidden \
                  -DAUTH0LOGOUT_BUILDING $(CORE_CFLAGS) $(CFLAGS)
CONFIG_ALL_CFLAGS = $(BASE_CFLAGS) -fPIC -fvisibility=hidden \
                    -DAUTH0LOGOUT_CONFIG_BUILDING $(CONFIG_CFLAGS) $(CFLAGS)
PG_ALL_CFLAGS = $(BASE_CFLAGS) -fPIC -fvisibility=hidden \
                -DAUTH0LOGOUT_PG_BUILDING $(PG_CFLAGS) $(CONFIG_CFLAGS) $(CFLAGS)
EX_ALL_CFLAGS  = $(BASE_CFLAGS) $(CFLAGS)
TEST_ALL_CFLAGS = $(BASE_CFLAGS) -Werror $(CHECK_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

CORE_SRCS   := $(wildcard lib/core/*.c)
CORE_OBJS   := $(CORE_SRCS:%.c=$(BUILD)/%.o)
CONFIG_SRCS := $(wildcard lib/config/*.c)
CONFIG_OBJS := $(CONFIG_SRCS:%.c=$(BUILD)/%.o)
PG_SRCS     := $(wildcard lib/pg/*.c)
PG_OBJS     := $(PG_SRCS:%.c=$(BUILD)/%.o)
CLI_SRCS    := $(wildcard adapters/cli/*.c)
CLI_OBJS    := $(CLI_SRCS:%.c=$(BUILD)/%.o)
SERVER_SRCS := $(wildcard adapters/microhttpd/*.c)
SERVER_OBJS := $(SERVER_SRCS:%.c=$(BUILD)/%.o)
CGI_SRCS    := $(wildcard adapters/cgi/*.c)
CGI_OBJS    := $(CGI_SRCS:%.c=$(BUILD)/%.o)
# What the servers share: the one HTTP contract (R9), the config swap.
COMMON_SRCS := $(wildcard adapters/common/*.c)
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS   := $(wildcard tests/unit/test_*.c)
TEST_BINS   := $(TEST_SRCS:%.c=$(BUILD)/%)
TEST_SUPPORT_OBJS := $(BUILD)/tests/unit/testutil.o

CORE_A     := $(BUILD)/libauth0logout.a
CORE_SO    := $(BUILD)/libauth0logout.so.$(ABI_VERSION)
CORE_SONAME := libauth0logout.so.$(SOVERSION)
CONFIG_A   := $(BUILD)/libauth0logout-config.a
CONFIG_SO  := $(BUILD)/libauth0logout-config.so.$(ABI_VERSION)
CONFIG_SONAME := libauth0logout-config.so.$(SOVERSION)
PG_A       := $(BUILD)/libauth0logout-pg.a
PG_SO      := $(BUILD)/libauth0logout-pg.so.$(ABI_VERSION)
PG_SONAME  := libauth0logout-pg.so.$(SOVERSION)
CLI        := $(BUILD)/auth0logout
SERVER     := $(BUILD)/auth0logout-server
CGI        := $(BUILD)/auth0logout-cgi
PROGRAMS   := $(CLI) $(SERVER) $(CGI)
# The programs carry both libraries inside (static archives); external
# libraries are linked dynamically.
PROG_LIBS   = $(PG_A) $(CONFIG_A) $(CORE_A)
PROG_LDLIBS = $(PG_LIBS) $(CONFIG_LIBS) $(CORE_LIBS) -pthread

DEPS_MODE    := $(if $(filter 1,$(VALGRIND)),ci,check)
DEPS_CORE    := $(BUILD)/.deps-core
DEPS_CONFIG  := $(BUILD)/.deps-config
DEPS_ADAPTERS := $(BUILD)/.deps-adapters
DEPS_DEMO    := $(BUILD)/.deps-demo
DEPS_CHECK   := $(BUILD)/.deps-$(DEPS_MODE)
DEPS_ABI     := $(BUILD)/.deps-abi
DEPS_MODULES := $(BUILD)/.deps-modules
DEPS_PG      := $(BUILD)/.deps-pg

.PHONY: lib config programs adapters all check demo examples tests fuzz bench \
        install install-python uninstall uninstall-python clean format \
        deps abi-check abi-baseline man-check nginx-module apache-module \
        modules pg install-node uninstall-node
.DEFAULT_GOAL := lib
# Nothing this Makefile builds is an intermediate to delete: a second
# `make check` rebuilds nothing.
.SECONDARY:

lib: $(CORE_A) $(CORE_SO)
config: $(CONFIG_A) $(CONFIG_SO)
pg: $(PG_A) $(PG_SO)
programs: $(PROGRAMS)
adapters: programs
examples: programs
all: lib config pg programs

deps: $(DEPS_CONFIG)
$(DEPS_CORE):
	@mkdir -p $(@D)
	@sh scripts/deps.sh core
	@touch $@
$(DEPS_CONFIG): | $(DEPS_CORE)
	@sh scripts/deps.sh config
	@touch $@
$(DEPS_PG): | $(DEPS_CONFIG)
	@sh scripts/deps.sh pg
	@touch $@
$(DEPS_ADAPTERS): | $(DEPS_PG)
	@sh scripts/deps.sh adapters
	@touch $@
$(DEPS_DEMO): | $(DEPS_ADAPTERS)
	@sh scripts/deps.sh demo
	@touch $@
$(DEPS_CHECK): | $(DEPS_ADAPTERS)
	@sh scripts/deps.sh check $(filter ci,$(DEPS_MODE))
	@touch $@
$(DEPS_ABI): | $(DEPS_CORE)
	@sh scripts/deps.sh abi
	@touch $@
$(DEPS_MODULES): | $(DEPS_ADAPTERS)
	@sh scripts/deps.sh modules
	@touch $@

# ---- the two libraries -------------------------------------------------

$(BUILD)/lib/core/%.o: lib/core/%.c | $(DEPS_CORE)
	@mkdir -p $(@D)
	$(CC) $(CORE_ALL_CFLAGS) -c $< -o $@

$(BUILD)/lib/config/%.o: lib/config/%.c | $(DEPS_CONFIG)
	@mkdir -p $(@D)
	$(CC) $(CONFIG_ALL_CFLAGS) -c $< -o $@

$(BUILD)/lib/pg/%.o: lib/pg/%.c | $(DEPS_PG)
	@mkdir -p $(@D)
	$(CC) $(PG_ALL_CFLAGS) -c $< -o $@

$(CORE_A): $(CORE_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Only auth0logout_* is exported, each symbol versioned (the .map file).
$(CORE_SO): $(CORE_OBJS) lib/core/auth0logout.map
	$(CC) -shared -Wl,-soname,$(CORE_SONAME) -Wl,--no-undefined \
	    -Wl,--version-script,lib/core/auth0logout.map -o $@ \
	    $(CORE_OBJS) $(ALL_LDFLAGS) $(CORE_LIBS)
	ln -sf $(@F) $(BUILD)/$(CORE_SONAME)
	ln -sf $(CORE_SONAME) $(BUILD)/libauth0logout.so

$(CONFIG_A): $(CONFIG_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(CONFIG_SO): $(CONFIG_OBJS) $(CORE_SO) lib/config/auth0logout-config.map
	$(CC) -shared -Wl,-soname,$(CONFIG_SONAME) -Wl,--no-undefined \
	    -Wl,--version-script,lib/config/auth0logout-config.map -o $@ \
	    $(CONFIG_OBJS) $(ALL_LDFLAGS) -L$(BUILD) -lauth0logout \
	    $(CONFIG_LIBS)
	ln -sf $(@F) $(BUILD)/$(CONFIG_SONAME)
	ln -sf $(CONFIG_SONAME) $(BUILD)/libauth0logout-config.so

$(PG_A): $(PG_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(PG_SO): $(PG_OBJS) $(CONFIG_SO) lib/pg/auth0logout-pg.map
	$(CC) -shared -Wl,-soname,$(PG_SONAME) -Wl,--no-undefined \
	    -Wl,--version-script,lib/pg/auth0logout-pg.map -o $@ \
	    $(PG_OBJS) $(ALL_LDFLAGS) -L$(BUILD) -lauth0logout-config \
	    -lauth0logout $(PG_LIBS) -pthread
	ln -sf $(@F) $(BUILD)/$(PG_SONAME)
	ln -sf $(PG_SONAME) $(BUILD)/libauth0logout-pg.so

# ---- programs ------------------------------------------------------------

$(BUILD)/adapters/%.o: adapters/%.c | $(DEPS_CONFIG)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) -c $< -o $@

# The servers need libmicrohttpd and libfcgi on top.
$(BUILD)/adapters/microhttpd/%.o: adapters/microhttpd/%.c | $(DEPS_ADAPTERS)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) $(MHD_CFLAGS) -c $< -o $@

$(BUILD)/adapters/cgi/%.o: adapters/cgi/%.c | $(DEPS_ADAPTERS)
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) -c $< -o $@

$(CLI): $(CLI_OBJS) $(PROG_LIBS)
	$(CC) -o $@ $(CLI_OBJS) $(PROG_LIBS) $(ALL_LDFLAGS) $(PROG_LDLIBS)

$(SERVER): $(SERVER_OBJS) $(COMMON_OBJS) $(PROG_LIBS)
	$(CC) -o $@ $(SERVER_OBJS) $(COMMON_OBJS) $(PROG_LIBS) $(ALL_LDFLAGS) \
	    $(MHD_LIBS) $(PROG_LDLIBS) -pthread

$(CGI): $(CGI_OBJS) $(COMMON_OBJS) $(PROG_LIBS)
	$(CC) -o $@ $(CGI_OBJS) $(COMMON_OBJS) $(PROG_LIBS) $(ALL_LDFLAGS) \
	    -lfcgi $(PROG_LDLIBS)

# ---- web server modules (nginx, Apache httpd) --------------------------

# Each is built against the server installed here (a dynamic module must
# match the nginx it is loaded into): adapters/nginx/build.sh runs nginx's
# own configure from nginx-dev, adapters/apache/build.sh runs apxs.  Both
# link the static libraries (PIC objects) and the shared R9 code.
NGINX_MODULE  := $(BUILD)/nginx/ngx_http_auth0logout_module.so
APACHE_MODULE := $(BUILD)/apache/mod_auth0logout.so
MODULE_DEPS    = $(CORE_A) $(CONFIG_A) $(PG_A) $(COMMON_SRCS) \
                 $(wildcard adapters/common/*.h) include/auth0logout.h \
                 include/auth0logout/config.h include/auth0logout/pg.h
nginx-module: $(NGINX_MODULE)
apache-module: $(APACHE_MODULE)
modules: nginx-module apache-module

$(NGINX_MODULE): $(MODULE_DEPS) $(wildcard adapters/nginx/*) | $(DEPS_MODULES)
	@BUILD="$(BUILD)" CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" \
	    sh adapters/nginx/build.sh $@

$(APACHE_MODULE): $(MODULE_DEPS) $(wildcard adapters/apache/*) | $(DEPS_MODULES)
	@BUILD="$(BUILD)" CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" \
	    sh adapters/apache/build.sh $@

# ---- tests ---------------------------------------------------------------

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_CHECK)
	@mkdir -p $(@D)
	$(CC) $(TEST_ALL_CFLAGS) -c $< -o $@

# Every test binary links both static libraries and the test helpers.
# tests/unit/test_noalloc.c interposes malloc, which the sanitizers own, so
# under SANITIZE=1 it is built with -DAUTH0LOGOUT_NO_INTERPOSE and only
# checks what it can.
$(BUILD)/tests/unit/test_%: $(BUILD)/tests/unit/test_%.o \
                            $(TEST_SUPPORT_OBJS) $(PROG_LIBS)
	$(CC) -o $@ $< $(TEST_EXTRA_OBJS) $(TEST_SUPPORT_OBJS) $(PROG_LIBS) \
	    $(ALL_LDFLAGS) $(CHECK_LIBS) $(PROG_LDLIBS) -ldl -pthread

# tests/unit/test_adapters.c tests the adapters' shared code.
$(BUILD)/tests/unit/test_adapters: $(COMMON_OBJS)
$(BUILD)/tests/unit/test_adapters: TEST_EXTRA_OBJS := $(COMMON_OBJS)

ifeq ($(SANITIZE),1)
$(BUILD)/tests/unit/test_noalloc.o: TEST_ALL_CFLAGS += -DAUTH0LOGOUT_NO_INTERPOSE
endif

# The PostgreSQL loader's tests need a server: tests/integration/pg_loader.sh
# starts a throwaway cluster and runs this program against it.
PG_TEST := $(BUILD)/tests/pg/test_pg_loader
$(BUILD)/tests/pg/%.o: TEST_ALL_CFLAGS += $(PG_CFLAGS)
$(PG_TEST): $(BUILD)/tests/pg/test_pg_loader.o $(TEST_SUPPORT_OBJS) $(PROG_LIBS)
	$(CC) -o $@ $< $(TEST_SUPPORT_OBJS) $(PROG_LIBS) $(ALL_LDFLAGS) \
	    $(CHECK_LIBS) $(PROG_LDLIBS) -ldl

# R10.1 under ThreadSanitizer: the core's sources and the stress program,
# built apart with -fsanitize=thread (tests/integration/swapstore_tsan.sh).
TSAN_STRESS := $(BUILD)/tsan/swap_stress
$(TSAN_STRESS): tests/stress/swap_stress.c $(CORE_SRCS) lib/core/internal.h \
                include/auth0logout.h | $(DEPS_CORE)
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O1 -g \
	    -fsanitize=thread -Iinclude -DAUTH0LOGOUT_BUILDING $(CORE_CFLAGS) \
	    tests/stress/swap_stress.c $(CORE_SRCS) -o $@ $(CORE_LIBS) -pthread

BOUNDS := $(BUILD)/tests/bounds/bounds
$(BOUNDS): $(BUILD)/tests/bounds/bounds.o $(CORE_A)
	$(CC) -o $@ $< $(CORE_A) $(ALL_LDFLAGS) $(CORE_LIBS) -pthread

# Builds every test program without running it.
tests: $(TEST_BINS) $(BOUNDS) $(PG_TEST)

# libFuzzer targets (tests/fuzz), each run for FUZZ_SECONDS with ASan and
# UBSan; built with clang from the libraries' sources, in build/fuzz.
FUZZ_SECONDS ?= 60
fuzz: | $(DEPS_CONFIG)
	@sh scripts/deps.sh fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) build/fuzz

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

INTEGRATION := $(sort $(wildcard tests/integration/*.sh))
# Integration tests (real servers, Chromium, Python) run in the plain
# build.  Under SANITIZE=1 the adapters' own tests run too, on the
# sanitized server and CGI program (the raw-byte attacks, floods and
# reloads are where their memory errors would show); valgrind covers the
# unit suites only.
ADAPTER_INTEGRATION := tests/integration/server.sh \
    tests/integration/hardening.sh tests/integration/lighttpd.sh \
    tests/integration/oidc.sh tests/integration/pg_loader.sh \
    tests/integration/pg_server.sh
ifeq ($(SANITIZE)$(VALGRIND),00)
RUN_INTEGRATION := $(INTEGRATION)
else ifeq ($(SANITIZE)$(VALGRIND),10)
RUN_INTEGRATION := $(ADAPTER_INTEGRATION)
else
RUN_INTEGRATION :=
endif

# scripts/check.sh runs the unit suites, the installed-library consumers
# and the integration scripts, shows progress, and ends with one line:
# "check: N passed, M failed".
# The web server modules are built and tested in the plain build only: a
# sanitized module would need the sanitizer's runtime inside nginx and
# Apache.
ifeq ($(SANITIZE)$(VALGRIND),00)
CHECK_MODULES := $(NGINX_MODULE) $(APACHE_MODULE) $(TSAN_STRESS)
endif
check: $(TEST_BINS) $(BOUNDS) $(PROGRAMS) $(CORE_SO) $(CONFIG_SO) \
       $(PG_SO) $(PG_TEST) $(CHECK_MODULES) \
       $(CORE_A) $(CONFIG_A) | $(DEPS_CHECK)
	@AUTH0LOGOUT_CLI=$(CLI) AUTH0LOGOUT_SRCDIR=. $(TEST_ENV) \
	    CC="$(CC)" BUILD="$(BUILD)" MAKE="$(MAKE)" SANITIZE=$(SANITIZE) \
	    TEST_WRAPPER="$(TEST_WRAPPER)" SERVER=$(SERVER) CGI=$(CGI) \
	    CLI=$(CLI) BOUNDS=$(BOUNDS) LIBSO=$(BUILD)/$(CORE_SONAME) \
	    CONFIG_LIBSO=$(BUILD)/$(CONFIG_SONAME) SRCDIR=$(CURDIR) \
	    PG_LIBSO=$(BUILD)/$(PG_SONAME) PG_TEST=$(CURDIR)/$(PG_TEST) \
	    TSAN_STRESS=$(CURDIR)/$(TSAN_STRESS) \
	    NGINX_MODULE=$(CURDIR)/$(NGINX_MODULE) \
	    APACHE_MODULE=$(CURDIR)/$(APACHE_MODULE) \
	    sh scripts/check.sh "$(TEST_BINS)" "$(RUN_INTEGRATION)"

demo: $(CLI) $(SERVER) | $(DEPS_DEMO)
	@sh examples/demo.sh $(CLI) examples/demo.json
	@sh examples/demo-server.sh $(SERVER) examples/demo.json

# A benchmark, not a test: prints ns/decision against uriparser's bare
# parse, a scaling table (clients, entries), memory per entry and threads.
BENCH := $(BUILD)/auth0logout-bench
$(BENCH): $(BUILD)/bench/bench.o $(CORE_A)
	$(CC) -o $@ $< $(CORE_A) $(ALL_LDFLAGS) $(CORE_LIBS) -pthread

$(BUILD)/bench/%.o: bench/%.c | $(DEPS_CORE)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(CORE_CFLAGS) $(CFLAGS) -c $< -o $@

bench: $(BENCH)
	@$(BENCH)

# ---- ABI -----------------------------------------------------------------

# abi/ holds the ABI of this release of each library, as abidw wrote it
# from the default build (-O2 -g).  abi-check fails on any change abidiff
# reports; after a deliberate, compatible addition, abi-baseline records
# the new ABI (see "ABI policy" in include/auth0logout.h).
ABI_HEADERS := --headers-dir include
abi-check: $(CORE_SO) $(CONFIG_SO) $(PG_SO) | $(DEPS_ABI)
	@sh scripts/abi.sh check $(BUILD) $(ABI_VERSION)
abi-baseline: $(CORE_SO) $(CONFIG_SO) $(PG_SO) | $(DEPS_ABI)
	@sh scripts/abi.sh baseline $(BUILD) $(ABI_VERSION)

# ---- install -------------------------------------------------------------

# The .pc files are written at install time, so that they name the
# directories of that install (PREFIX, libdir, includedir).
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@libdir@|$(libdir)|g' \
	     -e 's|@includedir@|$(includedir)|g' -e 's|@VERSION@|$(VERSION)|g'
PC_FILES := auth0logout auth0logout-static auth0logout-config \
            auth0logout-config-static auth0logout-pg
MAN_PAGES := doc/man/auth0logout.1 doc/man/libauth0logout.3 \
             doc/man/auth0logout-server.8 doc/man/auth0logout-cgi.8
# The Python module goes where this interpreter looks for the prefix's
# packages (on Debian: PREFIX/lib/python3/dist-packages).
PYTHON_DIR = $(shell $(PYTHON) scripts/python-site.py "$(PREFIX)" 2>/dev/null)

install: all
	$(INSTALL) -d $(DESTDIR)$(includedir)/auth0logout $(DESTDIR)$(libdir) \
	    $(DESTDIR)$(pkgconfigdir) $(DESTDIR)$(bindir) \
	    $(DESTDIR)$(sbindir) $(DESTDIR)$(mandir)/man1 \
	    $(DESTDIR)$(mandir)/man3 $(DESTDIR)$(mandir)/man8
	$(INSTALL) -m 644 include/auth0logout.h $(DESTDIR)$(includedir)/
	$(INSTALL) -m 644 include/auth0logout/config.h \
	    include/auth0logout/pg.h $(DESTDIR)$(includedir)/auth0logout/
	$(INSTALL) -m 644 $(CORE_A) $(CONFIG_A) $(PG_A) $(DESTDIR)$(libdir)/
	$(INSTALL) -m 755 $(CORE_SO) $(CONFIG_SO) $(PG_SO) $(DESTDIR)$(libdir)/
	ln -sf $(notdir $(PG_SO)) $(DESTDIR)$(libdir)/$(PG_SONAME)
	ln -sf $(PG_SONAME) $(DESTDIR)$(libdir)/libauth0logout-pg.so
	$(INSTALL) -d $(DESTDIR)$(datadir)/auth0logout
	$(INSTALL) -m 644 sql/auth0logout-pg.sql $(DESTDIR)$(datadir)/auth0logout/
	ln -sf $(notdir $(CORE_SO)) $(DESTDIR)$(libdir)/$(CORE_SONAME)
	ln -sf $(CORE_SONAME) $(DESTDIR)$(libdir)/libauth0logout.so
	ln -sf $(notdir $(CONFIG_SO)) $(DESTDIR)$(libdir)/$(CONFIG_SONAME)
	ln -sf $(CONFIG_SONAME) $(DESTDIR)$(libdir)/libauth0logout-config.so
	for pc in $(PC_FILES); do \
	    $(PC_SED) pkgconfig/$$pc.pc.in > $(DESTDIR)$(pkgconfigdir)/$$pc.pc \
	    && chmod 644 $(DESTDIR)$(pkgconfigdir)/$$pc.pc || exit 1; done
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(bindir)/
	$(INSTALL) -m 755 $(SERVER) $(CGI) $(DESTDIR)$(sbindir)/
	$(INSTALL) -m 644 doc/man/auth0logout.1 $(DESTDIR)$(mandir)/man1/
	$(INSTALL) -m 644 doc/man/libauth0logout.3 $(DESTDIR)$(mandir)/man3/
	$(INSTALL) -m 644 doc/man/auth0logout-server.8 \
	    doc/man/auth0logout-cgi.8 $(DESTDIR)$(mandir)/man8/
	@$(MAKE) -s --no-print-directory install-python install-node
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && \
	    command -v ldconfig >/dev/null 2>&1; then \
	    echo "ldconfig"; ldconfig; \
	elif [ -z "$(DESTDIR)" ]; then \
	    echo "install: run ldconfig as root so that programs find" \
	         "$(CORE_SONAME) in $(libdir)"; fi

# The package directory auth0logout/; a module auth0logout.py left by an
# older install is removed.
PYTHON_PKG = bindings/python/auth0logout/__init__.py \
             bindings/python/auth0logout/testing.py
PYTHON_INSTALLED = $(PYTHON_PKG:bindings/python/%=$(DESTDIR)$(PYTHON_DIR)/%)
install-python:
	@if [ -z "$(PYTHON_DIR)" ]; then \
	    echo "install-python: no $(PYTHON); the Python package is not installed"; \
	else \
	    echo "$(INSTALL) -m 644 $(PYTHON_PKG) $(DESTDIR)$(PYTHON_DIR)/auth0logout/"; \
	    $(INSTALL) -d $(DESTDIR)$(PYTHON_DIR)/auth0logout && \
	    $(INSTALL) -m 644 $(PYTHON_PKG) $(DESTDIR)$(PYTHON_DIR)/auth0logout/ && \
	    rm -f $(DESTDIR)$(PYTHON_DIR)/auth0logout.py; fi

# The Node.js package as the tarball npm pack makes, for `npm install
# PATH.tgz` (the Go module and the Rust crates are used from the source
# tree: see their READMEs).
install-node:
	@if ! command -v npm >/dev/null 2>&1; then \
	    echo "install-node: no npm; the Node.js package is not packed"; \
	else \
	    $(INSTALL) -d $(DESTDIR)$(datadir)/auth0logout/node && \
	    (cd bindings/node && npm pack --silent --pack-destination \
	        "$(abspath $(DESTDIR)$(datadir))/auth0logout/node") || exit 1; fi

uninstall-node:
	rm -f $(DESTDIR)$(datadir)/auth0logout/node/auth0logout-*.tgz
	-rmdir $(DESTDIR)$(datadir)/auth0logout/node 2>/dev/null

uninstall: uninstall-python uninstall-node
	rm -f $(DESTDIR)$(includedir)/auth0logout.h \
	    $(DESTDIR)$(includedir)/auth0logout/config.h \
	    $(DESTDIR)$(libdir)/libauth0logout.a \
	    $(DESTDIR)$(libdir)/libauth0logout-config.a \
	    $(DESTDIR)$(libdir)/$(notdir $(CORE_SO)) \
	    $(DESTDIR)$(libdir)/$(CORE_SONAME) \
	    $(DESTDIR)$(libdir)/libauth0logout.so \
	    $(DESTDIR)$(libdir)/$(notdir $(CONFIG_SO)) \
	    $(DESTDIR)$(libdir)/$(CONFIG_SONAME) \
	    $(DESTDIR)$(libdir)/libauth0logout-config.so \
	    $(DESTDIR)$(includedir)/auth0logout/pg.h \
	    $(DESTDIR)$(libdir)/libauth0logout-pg.a \
	    $(DESTDIR)$(libdir)/$(notdir $(PG_SO)) \
	    $(DESTDIR)$(libdir)/$(PG_SONAME) \
	    $(DESTDIR)$(libdir)/libauth0logout-pg.so \
	    $(DESTDIR)$(datadir)/auth0logout/auth0logout-pg.sql \
	    $(PC_FILES:%=$(DESTDIR)$(pkgconfigdir)/%.pc) \
	    $(DESTDIR)$(bindir)/auth0logout \
	    $(DESTDIR)$(sbindir)/auth0logout-server \
	    $(DESTDIR)$(sbindir)/auth0logout-cgi \
	    $(DESTDIR)$(mandir)/man1/auth0logout.1 \
	    $(DESTDIR)$(mandir)/man3/libauth0logout.3 \
	    $(DESTDIR)$(mandir)/man8/auth0logout-server.8 \
	    $(DESTDIR)$(mandir)/man8/auth0logout-cgi.8
	-rmdir $(DESTDIR)$(includedir)/auth0logout 2>/dev/null
	-rmdir $(DESTDIR)$(datadir)/auth0logout 2>/dev/null

uninstall-python:
	@if [ -n "$(PYTHON_DIR)" ]; then \
	    echo "rm -f $(PYTHON_INSTALLED) $(DESTDIR)$(PYTHON_DIR)/auth0logout.py"; \
	    rm -f $(PYTHON_INSTALLED) $(DESTDIR)$(PYTHON_DIR)/auth0logout.py; \
	    rm -rf $(DESTDIR)$(PYTHON_DIR)/auth0logout/__pycache__; \
	    rmdir $(DESTDIR)$(PYTHON_DIR)/auth0logout 2>/dev/null || :; fi

# The manual pages, checked by groff's warnings (all of them are errors).
man-check:
	@sh scripts/man-check.sh $(MAN_PAGES)

format:
	clang-format -i include/*.h include/auth0logout/*.h lib/*.h \
	    lib/*/*.c lib/*/*.h adapters/*/*.c examples/*/*.c tests/unit/*.c \
	    tests/unit/*.h

clean:
	rm -rf build

-include $(wildcard $(BUILD)/lib/*/*.d $(BUILD)/adapters/*/*.d \
    $(BUILD)/tests/*/*.d $(BUILD)/bench/*.d)
