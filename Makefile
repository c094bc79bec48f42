# slant - one non-recursive GNU make file.
#   make            build ./slant
#   make demo       install missing packages, build, analyse examples/, write a report
#   make test       unit tests (cmocka), CLI tests of ./slant, corpus tests when ../shared exists
#   make check      the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz       libFuzzer targets for every parser (FUZZ_SECONDS each)
#   make bench      speed and memory benchmarks (figures as ratios)
#   make install    PREFIX=/usr/local DESTDIR=

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/slant
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
BUILD ?= build
PKGS := sqlite3 gsl libutf8proc jansson

# Debian packages the build and the demo need, and those only the tests need
# (the sqlite3 shell, xmllint and chromium check the database and the HTML
# report; clang builds the fuzz targets).
DEB_PKGS := build-essential pkg-config libstemmer-dev libsqlite3-dev libgsl-dev \
            libutf8proc-dev libcmocka-dev libjansson-dev libcsv-dev libxxhash-dev
TEST_PKGS := sqlite3 libxml2-utils chromium python3 bsdutils mandoc

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wcast-qual -Wformat=2 -Wundef -Wvla -Wimplicit-fallthrough
ifeq ($(WERROR),1)
WARN += -Werror
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(PKG_LIBS),)
PKG_LIBS := -lsqlite3 -lgsl -lgslcblas -lutf8proc -ljansson
endif
# libstemmer and libcsv ship no .pc file on Debian.
LIBS := $(PKG_LIBS) -lstemmer -lcsv -lpthread -lm

OPT ?= -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
endif

CPPFLAGS += -Iinclude -DSLANT_VERSION='"$(VERSION)"' -DSLANT_DATADIR='"$(DATADIR)"' -D_GNU_SOURCE
CFLAGS ?=
ALL_CFLAGS := -std=c17 $(OPT) $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS += $(LDSAN)

SRCS := $(sort $(wildcard src/*.c))
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/main.o
LIB := $(BUILD)/libslant.a

ifeq ($(BUILD),build)
BIN := slant
else
BIN := $(BUILD)/slant
endif

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

BENCH_SRCS := $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BINS := $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/bench/%)

FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SECONDS ?= 20

.PHONY: all deps test-deps install-packages run-tests demo test check unit fuzz fuzz-build bench install uninstall clean format format-check

all: $(BIN)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -Wno-missing-prototypes -MMD -MP $< -o $@ \
		$(LDFLAGS) $(LIB) $(LIBS) -lcmocka

unit: $(UNIT_BINS)

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-missing-prototypes $< -o $@ $(LDFLAGS) $(LIB) $(LIBS)


# Installs the Debian packages that are missing (needs root, or sudo).
deps:
	@$(MAKE) -s install-packages PACKAGES="$(DEB_PKGS)"

test-deps: deps
	@$(MAKE) -s install-packages PACKAGES="$(TEST_PKGS)"

install-packages:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "slant: installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

demo: deps
	$(MAKE) all
	@rm -rf reports/example
	./slant analyze examples --out reports/example
	@echo "slant: the report is in reports/example/ (open reports/example/index.html)"

test: test-deps
	@$(MAKE) -s run-tests

run-tests: $(BIN) unit
	@SLANT=./$(BIN) UNIT_DIR=$(BUILD)/tests sh tests/run.sh

check: test-deps
	@$(MAKE) -s BUILD=build-check SAN=1 run-tests

fuzz-build: $(FUZZ_BINS)

FUZZ_FLAGS := -std=c17 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS := $(LIB_SRCS:src/%.c=build-fuzz/obj/%.o)

# the library once, instrumented for libFuzzer; each target links against it
build-fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build-fuzz/libslant-fuzz.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

build-fuzz/%: tests/fuzz/%.c build-fuzz/libslant-fuzz.a
	@mkdir -p $(@D)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $< -o $@ \
		build-fuzz/libslant-fuzz.a $(LIBS)

fuzz: fuzz-build
	@set -e; for f in $(FUZZ_BINS); do \
		name=$$(basename $$f); mkdir -p build-fuzz/corpus-$$name; \
		seeds=""; [ -d tests/fuzz/seeds/$$name ] && seeds=tests/fuzz/seeds/$$name; \
		echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=0 \
			build-fuzz/corpus-$$name $$seeds 2>build-fuzz/$$name.log || { tail -40 build-fuzz/$$name.log; exit 1; }; \
	done; echo "fuzz: all targets ran without a crash"

bench: $(BIN) $(BENCH_BINS)
	@SLANT=./$(BIN) BENCH_DIR=$(BUILD)/bench sh tests/bench/run.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lexicons $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/slant
	install -m 644 lexicons/*.lex lexicons/README.md lexicons/stopwords.txt $(DESTDIR)$(DATADIR)/lexicons/
	install -m 644 src/slant.1 $(DESTDIR)$(MANDIR)/man1/slant.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/slant $(DESTDIR)$(MANDIR)/man1/slant.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-check build-fuzz slant

format:
	clang-format -i src/*.c src/*.h include/slant/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

format-check:
	clang-format --dry-run --Werror src/*.c src/*.h include/slant/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BINS:=.d) $(FUZZ_OBJS:.o=.d)
