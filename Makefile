# mod_authstatus -- build, test, demo, install with apxs.
#   make            build .libs/mod_authstatus.so
#   make test       install missing Debian packages (as root), build, run the
#                   unit tests and the Apache::Test suite against the real httpd
#   make demo       start a sandboxed httpd on 127.0.0.1:8080 with examples
#   make install    apxs -i -a (as root)

APXS     ?= $(shell command -v apxs 2>/dev/null || echo /usr/bin/apxs)
CC       ?= cc
# 'make test MPM=worker' runs the suite under another MPM
MPM      ?= event
TEST_PORT ?= 8529

MODULE_SRCS = mod_authstatus.c \
              modules/as_parse.c modules/as_challenge.c modules/as_decide.c \
              modules/as_request.c modules/as_config.c \
              modules/as_authn.c modules/as_authz.c \
              modules/as_keys.c modules/as_jwt.c \
              modules/as_bearer_config.c modules/as_bearer.c \
              modules/as_keycache.c \
              modules/as_bearer_token.c \
              modules/as_store.c modules/as_throttle.c \
              modules/as_throttle_math.c
# Sources that need no httpd and are unit-tested directly.
PURE_SRCS   = modules/as_parse.c modules/as_challenge.c modules/as_decide.c \
              modules/as_keys.c modules/as_jwt.c modules/as_bearer_token.c \
              modules/as_keycache.c \
              modules/as_throttle_math.c
# verified-credential cache (issue 7)
MODULE_SRCS += modules/as_cache.c modules/as_cache_req.c
PURE_SRCS   += modules/as_cache.c
# bodies, login redirect, preflight (issue 5)
MODULE_SRCS += modules/as_accept.c modules/as_body.c modules/as_client.c
PURE_SRCS   += modules/as_accept.c modules/as_body.c
HEADERS     = $(wildcard include/*.h)
UNIT_SRCS   = $(wildcard t/unit/*.c)

WARN     = -Wall -Wextra -Werror
LIBS     = -lcrypto -ljansson
APXS_CFLAGS ?=
APXS_LDFLAGS ?=

APR_CFLAGS := $(shell apr-1-config --cflags --cppflags --includes 2>/dev/null) \
              $(shell apu-1-config --includes 2>/dev/null)
APR_LIBS   := $(shell apr-1-config --link-ld --libs 2>/dev/null) \
              $(shell apu-1-config --link-ld --libs 2>/dev/null)

SO = .libs/mod_authstatus.so

.PHONY: all deps install test unit test-httpd check-tags demo demo-stop clean

all: $(SO)

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

test:
	@./.ci/deps test
	$(MAKE) all
	$(MAKE) check-tags
	$(MAKE) unit
	$(MAKE) test-httpd

# --- demo ------------------------------------------------------------------

demo:
	@./.ci/deps demo
	$(MAKE) all
	./demo/demo start

demo-stop:
	./demo/demo stop

clean:
	rm -rf .libs modules/.libs *.la *.lo *.slo *.o modules/*.lo \
	    modules/*.slo modules/*.o t/unit/run_unit $(MINT) build build.log t/modules/.libs t/modules/*.la \
	    t/modules/*.lo t/modules/*.slo t/modules/*.o
	-[ -x t/TEST.PL ] && [ -f t/conf/apache_test_config.pm ] && \
	    perl t/TEST.PL -clean >/dev/null 2>&1 || true
