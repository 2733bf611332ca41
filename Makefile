# mod_authstatus -- build, test, demo, install with apxs.
#   make            build .libs/mod_authstatus.so
#   make test       install missing Debian packages (as root), build, run the
#                   unit tests and the Apache::Test suite against the real httpd
#   make demo       start a sandboxed httpd on 127.0.0.1:8080 with examples
#   make bench      wrk: requests/s per scenario vs no auth (docs/performance.md)
#   make bench-instr   callgrind: instructions per request per scenario
#   make bench-memory  child RSS over BENCH_N (1,000,000) requests
#   make install    apxs -i -a (as root)

APXS     ?= $(shell command -v apxs 2>/dev/null || echo /usr/bin/apxs)
CC       ?= cc
# 'make test MPM=worker' runs the suite under another MPM
MPM      ?= event
TEST_PORT ?= 8529

# Sources by concern. <C>_PURE need no httpd (APR, OpenSSL and jansson
# only): the unit tests and fuzz targets link them alone, and
# .ci/check-sources keeps them free of httpd headers and keeps every file
# of modules/ in exactly one list. <C>_HTTPD are the hooks and setters.
CONCERNS     = CORE BEARER IDP CLIENT HIDE STORE METRICS
# core: Authorization parsing, schemes, challenges, the decision table,
# directive values; the configuration, authentication and authorization
CORE_PURE    = modules/as_parse.c modules/as_scheme.c modules/as_challenge.c \
               modules/as_decide.c modules/as_confval.c
CORE_HTTPD   = modules/as_config.c modules/as_directive.c \
               modules/as_core_conf.c modules/as_request.c \
               modules/as_authn.c modules/as_authz.c
# Bearer and DPoP: keys, key sources, JWS, verifiers, proofs, binding
BEARER_PURE  = modules/as_keys.c modules/as_keysrc.c modules/as_keycache.c \
               modules/as_jwt.c modules/as_verify.c modules/as_dpop.c
BEARER_HTTPD = modules/as_bearer_conf.c modules/as_bearer.c \
               modules/as_dpop_req.c
# the identity provider: URLs, metadata, introspection answers, the HTTP
# client (libcurl), protected resource metadata; fetched key sets, the
# introspection verifier, serving the resource metadata
IDP_PURE     = modules/as_idp.c modules/as_http.c modules/as_prm.c
IDP_HTTPD    = modules/as_remote.c modules/as_introspect.c \
               modules/as_resource.c
# client: bodies, login redirect, preflight
CLIENT_PURE  = modules/as_accept.c modules/as_body.c
CLIENT_HTTPD = modules/as_client_conf.c modules/as_client.c
# hiding under other AuthTypes, equal time for unknown users
HIDE_PURE    = modules/as_timing.c
HIDE_HTTPD   = modules/as_hide.c
# the store and what lives in it: throttle counters, the credential cache
STORE_PURE   = modules/as_throttle_math.c modules/as_cache.c \
               modules/as_cache_local.c
STORE_HTTPD  = modules/as_store.c modules/as_throttle_conf.c \
               modules/as_throttle.c modules/as_cache_conf.c \
               modules/as_cache_req.c

# metrics: the text of the counters; the shared counters and handler
METRICS_PURE  = modules/as_metrics_text.c
METRICS_HTTPD = modules/as_metrics.c

PURE_SRCS   = $(foreach c,$(CONCERNS),$($(c)_PURE))
HTTPD_SRCS  = $(foreach c,$(CONCERNS),$($(c)_HTTPD))
MODULE_SRCS = mod_authstatus.c $(PURE_SRCS) $(HTTPD_SRCS)
HEADERS     = $(wildcard include/*.h)
UNIT_SRCS   = $(wildcard t/unit/*.c)

WARN     = -Wall -Wextra -Werror
LIBS     = -lcrypto -ljansson -lcurl
APXS_CFLAGS ?=
APXS_LDFLAGS ?=

APR_CFLAGS := $(shell apr-1-config --cflags --cppflags --includes 2>/dev/null) \
              $(shell apu-1-config --includes 2>/dev/null)
APR_LIBS   := $(shell apr-1-config --link-ld --libs 2>/dev/null) \
              $(shell apu-1-config --link-ld --libs 2>/dev/null)

SO = .libs/mod_authstatus.so

.PHONY: all help deps install test unit test-httpd check-tags check-sources \
        clang demo demo-stop clean fuzz fuzz-replay test-asan test-mpms \
        soak timing bench bench-instr bench-memory httpd-tests

all: $(SO)

help:
	@echo "make                  build .libs/mod_authstatus.so with apxs"
	@echo "make install          apxs -i -a (as root)"
	@echo "make test             install what is missing (as root), build, unit tests,"
	@echo "                      fuzz-corpus replay, the Apache::Test suite"
	@echo "make unit             the Check unit tests of the request-free sources"
	@echo "make test-httpd       the Apache::Test suite alone (MPM=, TEST_PORT=)"
	@echo "make test-asan        unit tests, replays and the suite under ASan+UBSan"
	@echo "make test-mpms        the suite under each of MPMS (event worker prefork)"
	@echo "make check-tags       log message tags are unique"
	@echo "make check-sources    pure sources stay httpd-free; every source is listed"
	@echo "make clang            build the module with clang, warnings as errors"
	@echo "make fuzz             libFuzzer each target FUZZ_SECONDS (clang)"
	@echo "make fuzz-replay      every corpus file through its target once"
	@echo "make httpd-tests      Apache's own auth tests with the module loaded"
	@echo "                      (HTTPD_TESTS=/path/to/httpd-tests checkout)"
	@echo "make soak / timing    bounded load and timing runs on loopback"
	@echo "make bench            requests/s per scenario vs no auth and the peers"
	@echo "make bench-instr      callgrind instructions per request"
	@echo "make bench-memory     child RSS over BENCH_N requests"
	@echo "make demo / demo-stop a sandboxed httpd on 127.0.0.1:8080"
	@echo "make compile_commands.json   for clangd and other tools"
	@echo "make clean"

# The compile commands apxs runs, one entry per source, for editors and
# linters (clangd, clang-tidy).
compile_commands.json: Makefile
	@inc="-I$(CURDIR)/include -I$$($(APXS) -q INCLUDEDIR) $(APR_CFLAGS)"; \
	first=1; { echo "["; for f in $(MODULE_SRCS) $(UNIT_SRCS); do \
	    [ $$first = 1 ] || echo ","; first=0; \
	    printf '  {"directory": "%s", "file": "%s", "command": "cc -c %s %s -o /dev/null"}' \
	        "$(CURDIR)" "$$f" "$$inc $(WARN)" "$$f"; \
	done; echo; echo "]"; } > $@
	@echo "wrote $@"

# The module built with clang as well (CI): what one compiler lets pass
# the other may not. APR's ring macros (APR_BRIGADE_SENTINEL) compute an
# offset from a null pointer, which clang flags in every file that walks a
# brigade: that one warning is off.
CLANG_DIR = build/clang
CLANG_WARN = $(WARN) -Wno-null-pointer-subtraction
clang:
	@command -v clang >/dev/null || { echo "clang not found" >&2; exit 1; }
	rm -rf $(CLANG_DIR) && mkdir -p $(CLANG_DIR)
	cp -r mod_authstatus.c modules include $(CLANG_DIR)/
	cd $(CLANG_DIR) && $(APXS) -S CC=clang -c -o mod_authstatus.la -I include \
	    $(foreach w,$(CLANG_WARN),-Wc,$(w)) $(MODULE_SRCS) $(LIBS) > build.log 2>&1 \
	    || { cat build.log >&2; exit 1; }
	@echo "clang: $(CLANG_DIR)/.libs/mod_authstatus.so"

check-sources:
	./.ci/check-sources $(foreach c,$(CONCERNS),$(c)_PURE: $($(c)_PURE) $(c)_HTTPD: $($(c)_HTTPD))

$(SO): $(MODULE_SRCS) $(HEADERS)
	@command -v $(APXS) >/dev/null || { echo "apxs not found: run 'make deps' as root or install apache2-dev" >&2; exit 1; }
	@echo "apxs -c mod_authstatus.la"
	@$(APXS) -c -o mod_authstatus.la -I include \
	    $(foreach w,$(WARN),-Wc,$(w)) $(APXS_CFLAGS) $(APXS_LDFLAGS) \
	    $(MODULE_SRCS) $(LIBS) > build.log 2>&1 || { cat build.log >&2; exit 1; }

deps:
	@./.ci/deps build

install: $(SO)
	$(APXS) -i -a -n authstatus mod_authstatus.la

# --- tests -----------------------------------------------------------------

t/unit/run_unit: $(UNIT_SRCS) $(PURE_SRCS) $(HEADERS)
	$(CC) -g -O1 $(WARN) -I include $(APR_CFLAGS) $(UNIT_CFLAGS) \
	    -o $@ $(UNIT_SRCS) $(PURE_SRCS) \
	    $$(pkg-config --cflags --libs check) $(APR_LIBS) $(LIBS)

unit: t/unit/run_unit
	./t/unit/run_unit

# keys and tokens for the suite and the benchmark
MINT = t/tools/as_mint
$(MINT): t/tools/as_mint.c t/tools/as_jose.h
	$(CC) -std=c99 -O2 $(WARN) -o $@ t/tools/as_mint.c -lcrypto -ljansson

PROBE = t/modules/.libs/mod_as_probe.so
$(PROBE): t/modules/mod_as_probe.c include/mod_authstatus.h
	@$(APXS) -c -I include t/modules/mod_as_probe.c > build.log 2>&1 || { cat build.log >&2; exit 1; }

test-httpd: $(SO) $(PROBE) $(MINT)
	MPM=$(MPM) TEST_PORT=$(TEST_PORT) ./t/run-httpd-tests

check-tags:
	./.ci/check-tags

# Apache's own auth tests, stock and with the module loaded (not part of
# 'make test': the suite is not vendored). HTTPD_TESTS=/path/to/checkout
httpd-tests: $(SO)
	MPM=$(MPM) ./t/run-apache-suite

# --- fuzzing (docs/hardening.md) -------------------------------------------
# One libFuzzer target per parser of untrusted input; fuzz/corpus/<target>/
# holds its seeds. 'make fuzz' runs each for FUZZ_SECONDS with libFuzzer
# (clang, ASan+UBSan), new inputs going to fuzz/build/corpus-<target>;
# 'make fuzz-replay' (part of 'make test') runs every corpus file through
# each target once with a plain driver, fuzz/replay.c.
FUZZ_TARGETS ?= authorization challenge config jwt query accept idp
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
# every target links the request-free sources
FUZZ_HEADERS = $(wildcard fuzz/*.h)
FUZZ_FLAGS   = -g -O1 -fno-omit-frame-pointer -I include $(APR_CFLAGS) \
               -I$(shell $(APXS) -q INCLUDEDIR 2>/dev/null)

fuzz/build/fuzz_%: fuzz/fuzz_%.c $(PURE_SRCS) $(HEADERS) $(FUZZ_HEADERS)
	@mkdir -p fuzz/build
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(PURE_SRCS) \
	    $(APR_LIBS) $(LIBS)

fuzz/build/replay_%: fuzz/replay.c fuzz/fuzz_%.c $(PURE_SRCS) $(HEADERS) $(FUZZ_HEADERS)
	@mkdir -p fuzz/build
	$(CC) $(FUZZ_FLAGS) $(WARN) $(REPLAY_CFLAGS) -o $@ fuzz/replay.c \
	    fuzz/fuzz_$*.c $(PURE_SRCS) $(APR_LIBS) $(LIBS)

fuzz: $(foreach t,$(FUZZ_TARGETS),fuzz/build/fuzz_$(t))
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p fuzz/build/corpus-$$t fuzz/build/artifacts-$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    fuzz/build/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=fuzz/build/artifacts-$$t/ \
	        fuzz/build/corpus-$$t fuzz/corpus/$$t \
	        > fuzz/build/fuzz_$$t.log 2>&1 || { tail -40 fuzz/build/fuzz_$$t.log; \
	        echo "fuzz: $$t FAILED (crash input in fuzz/build/artifacts-$$t/)"; exit 1; }; \
	    grep -h 'stat::number_of_executed_units\|stat::peak_rss_mb' fuzz/build/fuzz_$$t.log \
	        | sed "s/^/fuzz: $$t /"; \
	done

fuzz-replay: $(foreach t,$(FUZZ_TARGETS),fuzz/build/replay_$(t))
	@for t in $(FUZZ_TARGETS); do \
	    fuzz/build/replay_$$t fuzz/corpus/$$t || exit 1; \
	done

test:
	@./.ci/deps test
	$(MAKE) all
	$(MAKE) check-tags
	$(MAKE) check-sources
	$(MAKE) unit
	$(MAKE) fuzz-replay
	$(MAKE) test-httpd

# --- sanitizers (docs/hardening.md) ---------------------------------------
# A separate ASan+UBSan build of the module in build/asan (the normal build
# is left alone), the unit tests and fuzz replays built the same way, and
# the whole Apache::Test suite with the sanitizer runtime preloaded into
# httpd. Any sanitizer report, or a crash in the error log, fails.
ASAN_DIR    = build/asan
SAN_FLAGS   = -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_SO     = $(ASAN_DIR)/src/.libs/mod_authstatus.so
ASAN_PORT  ?= $(TEST_PORT)

$(ASAN_SO): $(MODULE_SRCS) $(HEADERS)
	@command -v $(APXS) >/dev/null || { echo "apxs not found" >&2; exit 1; }
	rm -rf $(ASAN_DIR)/src && mkdir -p $(ASAN_DIR)/src
	cp -r mod_authstatus.c modules include $(ASAN_DIR)/src/
	cd $(ASAN_DIR)/src && $(APXS) -c -o mod_authstatus.la -I include \
	    $(foreach w,$(WARN) $(SAN_FLAGS),-Wc,$(w)) -Wl,-fsanitize=address,undefined \
	    $(MODULE_SRCS) $(LIBS) > build.log 2>&1 || { cat build.log >&2; exit 1; }

$(ASAN_DIR)/run_unit: $(UNIT_SRCS) $(PURE_SRCS) $(HEADERS)
	@mkdir -p $(ASAN_DIR)
	$(CC) -g -O1 $(SAN_FLAGS) $(WARN) -I include $(APR_CFLAGS) \
	    -o $@ $(UNIT_SRCS) $(PURE_SRCS) \
	    $$(pkg-config --cflags --libs check) $(APR_LIBS) $(LIBS)

$(ASAN_DIR)/replay_%: fuzz/replay.c fuzz/fuzz_%.c $(PURE_SRCS) $(HEADERS) $(FUZZ_HEADERS)
	@mkdir -p $(ASAN_DIR)
	$(CC) $(FUZZ_FLAGS) $(SAN_FLAGS) $(WARN) -o $@ fuzz/replay.c \
	    fuzz/fuzz_$*.c $(PURE_SRCS) $(APR_LIBS) $(LIBS)

test-asan: $(ASAN_SO) $(ASAN_DIR)/run_unit $(PROBE) $(MINT) \
           $(foreach t,$(FUZZ_TARGETS),$(ASAN_DIR)/replay_$(t))
	@# leaks off for the unit tests: test_jwt keeps its suite's EVP_PKEYs for
	@# the process lifetime on purpose; the replays below check leaks
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(ASAN_DIR)/run_unit
	@for t in $(FUZZ_TARGETS); do \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(ASAN_DIR)/replay_$$t fuzz/corpus/$$t || exit 1; done
	rm -rf t/logs
	status=0; AS_SO=$(CURDIR)/$(ASAN_SO) \
	    HTTPD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	    MPM=$(MPM) TEST_PORT=$(ASAN_PORT) ./t/run-httpd-tests || status=$$?; \
	    ./.ci/check-sanitizer-logs t/logs || status=1; exit $$status

# --- MPMs ------------------------------------------------------------------
# The whole Apache::Test suite under each MPM in turn, on TEST_PORT+1,
# TEST_PORT+2, ... so that a lingering socket of one run cannot answer
# the next; each run's logs are kept in t/logs-<mpm>.
MPMS ?= event worker prefork

test-mpms: $(SO) $(PROBE) $(MINT)
	@i=0; failed=""; for m in $(MPMS); do \
	    i=$$((i + 1)); port=$$(($(TEST_PORT) + i)); \
	    echo "=== MPM $$m on port $$port"; \
	    MPM=$$m TEST_PORT=$$port ./t/run-httpd-tests || failed="$$failed $$m"; \
	    rm -rf t/logs-$$m; cp -r t/logs t/logs-$$m 2>/dev/null; \
	done; \
	if [ -n "$$failed" ]; then echo "test-mpms: FAILED under$$failed"; exit 1; fi; \
	echo "test-mpms: the suite passed under $(MPMS)"

# --- soak and timing (docs/hardening.md) ----------------------------------
# Loopback only, bounded: SOAK_SECONDS (60), SOAK_CONNS (64), SOAK_PORT
# (8665), SOAK_MPM (event), SOAK_RSS_KB (per-child RSS growth bound).
soak: $(SO)
	./bench/soak/soak

timing: $(SO)
	./bench/soak/soak timing

# --- demo ------------------------------------------------------------------

demo:
	@./.ci/deps demo
	$(MAKE) all
	./demo/demo start

demo-stop:
	./demo/demo stop

# --- benchmark (docs/performance.md) ----------------------------------------
# BENCH_PORT (8650), BENCH_DURATION (5 s), BENCH_ONLY (regex), BENCH_N, ...
# are read from the environment by bench/run.

bench:
	@./.ci/deps bench
	$(MAKE) all $(MINT)
	./bench/run speed

bench-instr:
	@./.ci/deps bench
	$(MAKE) all $(MINT)
	./bench/run instr

bench-memory:
	@./.ci/deps bench
	$(MAKE) all $(MINT)
	./bench/run memory

clean:
	rm -rf .libs modules/.libs *.la *.lo *.slo *.o modules/*.lo \
	    modules/*.slo modules/*.o t/unit/run_unit $(MINT) build build.log t/modules/.libs t/modules/*.la \
	    t/modules/*.lo t/modules/*.slo t/modules/*.o fuzz/build t/logs-* bench/out
	-[ -x t/TEST.PL ] && [ -f t/conf/apache_test_config.pm ] && \
	    perl t/TEST.PL -clean >/dev/null 2>&1 || true
