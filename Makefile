# omfordel - plan a jobcentre reorganisation. See README.md.
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKG_CONFIG ?= pkg-config
VERSION := 0.1.0

# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS given on the command line or in the environment
# reach every compile and every link. A warning fails the build under `make check`
# (WERROR=-Werror there), not in a plain `make`.
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings $(WERROR)
WERROR  ?=
CFLAGS  ?= -O2 -g
# each object also writes which headers it read (build/**/*.d, included below)
DEPFLAGS = -MMD -MP

# Libraries through pkg-config where the package ships a .pc file (Jansson does; GLPK
# and libcsv do not on Debian), else the plain -l flag.
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))
LIBS_CFLAGS := $(call pc_cflags,glpk) $(call pc_cflags,libcsv) $(call pc_cflags,jansson) \
               $(call pc_cflags,xlsxwriter) $(call pc_cflags,libmicrohttpd)
LIBS        := $(strip $(call pc_libs,glpk,-lglpk) $(call pc_libs,libcsv,-lcsv) \
                 $(call pc_libs,jansson,-ljansson) $(call pc_libs,xlsxwriter,-lxlsxwriter) \
                 $(call pc_libs,libmicrohttpd,-lmicrohttpd) -lm)
# the project's own flags, then the user's
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DOMFORDEL_VERSION='"$(VERSION)"' -Iengine -Iio \
               -Ireport -Icli -Iserve $(strip $(LIBS_CFLAGS)) $(CPPFLAGS)
ASAN     = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# the header each library's package installs, and the Debian package
NEEDS   ?= glpk.h:libglpk-dev csv.h:libcsv-dev jansson.h:libjansson-dev \
           xlsxwriter.h:libxlsxwriter-dev microhttpd.h:libmicrohttpd-dev
# Before anything is compiled, one line naming the packages missing; not for the goals
# that install them first (deps, check, ...) or compile nothing.
ifeq ($(filter deps check demo fuzz bench clean uninstall format,$(MAKECMDGOALS)),)
MISSING := $(shell for n in $(NEEDS); do printf '\043include <%s>\n' "$${n%%:*}" | \
               $(CC) $(ALL_CPPFLAGS) -E -x c - >/dev/null 2>&1 || echo "$$n" | cut -d: -f2; done)
ifneq ($(strip $(MISSING)),)
$(error omfordel needs $(strip $(MISSING)): 'make deps' installs them)
endif
endif

# the fuzz harnesses (tests/fuzz/fuzz_*.c) need clang's libFuzzer
FUZZCC   ?= clang
FUZZSAN   = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_TIME ?= 600
FUZZ_CHECK_TIME ?= 20
# the fault build: every allocation of the program goes through tests/fault/failalloc.c
WRAP     = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
# what `make test` runs besides the golden cases and the unit tests: the suites that
# take seconds, not minutes (`make check` runs every suite)
FAST_SUITES ?= cli compare outdir hostile gen glpk serve

# build/libomfordel.a: the engine, the readers and writers of files, the texts for
# people. cli/ (the command line and the orchestration of compare) and serve/ (the
# browser's server) go only into the program.
LIBSRC  := $(sort $(wildcard engine/*.c io/*.c report/*.c))
PROGSRC := $(sort $(wildcard cli/*.c serve/*.c))
OBJ     := $(LIBSRC:%.c=build/%.o)
AOBJ    := $(LIBSRC:%.c=build/asan/%.o)
POBJ    := $(PROGSRC:%.c=build/%.o)
APOBJ   := $(PROGSRC:%.c=build/asan/%.o)
TOOLS   := build/gen
FOBJ    := $(LIBSRC:%.c=build/fuzz/%.o)
FUZZERS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
UNITS   := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps demo test check fuzz bench bench-quick bench-protect install uninstall clean format

all: omfordel $(TOOLS)

deps:
	@tools/install-deps.sh

build/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(ALL_CPPFLAGS) $(DEPFLAGS) -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(ASAN) $(ALL_CPPFLAGS) $(DEPFLAGS) -c $< -o $@

build/libomfordel.a: $(OBJ)
	$(AR) rcs $@ $^

build/asan/libomfordel.a: $(AOBJ)
	$(AR) rcs $@ $^

omfordel: $(POBJ) build/libomfordel.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(LIBS)

build/asan/omfordel: $(APOBJ) build/asan/libomfordel.a
	$(CC) $(CFLAGS) $(ASAN) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(LIBS)

build/fault/omfordel: $(APOBJ) build/asan/libomfordel.a tests/fault/failalloc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(ASAN) $(ALL_CPPFLAGS) $(LDFLAGS) $(WRAP) -o $@ $^ \
	    $(LDLIBS) $(LIBS)

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZCC) -std=c11 $(WARN) $(CFLAGS) $(FUZZSAN) -fsanitize=fuzzer-no-link $(ALL_CPPFLAGS) \
	    $(DEPFLAGS) -c $< -o $@

build/fuzz/libomfordel.a: $(FOBJ)
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libomfordel.a
	$(FUZZCC) -std=c11 $(WARN) $(CFLAGS) $(FUZZSAN) -fsanitize=fuzzer $(ALL_CPPFLAGS) $(DEPFLAGS) \
	    -MF $(@D)/.$(@F).d -MT $@ $(LDFLAGS) -o $@ $< build/fuzz/libomfordel.a $(LDLIBS) $(LIBS)

build/gen: build/tools/gen.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lm

build/unit/%: tests/unit/%.c build/asan/libomfordel.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(ASAN) $(ALL_CPPFLAGS) $(DEPFLAGS) -MF $(@D)/.$(@F).d -MT $@ \
	    $(LDFLAGS) -o $@ $< build/asan/libomfordel.a $(LDLIBS) $(LIBS)

-include $(OBJ:.o=.d) $(AOBJ:.o=.d) $(POBJ:.o=.d) $(APOBJ:.o=.d) $(FOBJ:.o=.d) \
    build/tools/gen.d $(foreach t,$(UNITS) $(FUZZERS),$(dir $(t)).$(notdir $(t)).d)

demo: deps all
	./omfordel validate scenarios/slagelse-2017/cut-40.json
	./omfordel plan scenarios/slagelse-2017/cut-40.json --time-limit 20

# the golden cases, the unit tests and the fast suites: well under a minute
test: all build/asan/omfordel $(UNITS)
	@SUITES="$(FAST_SUITES)" tests/run.sh

check: WERROR = -Werror
check: deps all build/asan/omfordel build/fault/omfordel $(UNITS) $(FUZZERS)
	@tools/install-deps.sh --with-browser
	@FUZZ_CHECK_TIME=$(FUZZ_CHECK_TIME) tests/run.sh

# each harness in turn for FUZZ_TIME seconds (one at a time: the machine is small)
fuzz: deps $(FUZZERS)
	@tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZERS)

bench: deps all
	@tools/install-deps.sh --with-bench
	@bench/sweep.sh
	@bench/bench.sh
	@bench/schedule.sh

# the bundled scenarios in a few minutes: bench/results/quick.md
bench-quick: deps all
	@tools/install-deps.sh --with-bench
	@bench/quick.sh

# protect-vulnerable.json against the cut it extends: bench/results/protect.md
bench-protect: deps all
	@tools/install-deps.sh --with-bench
	@bench/protect.sh

install: omfordel
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 omfordel $(DESTDIR)$(PREFIX)/bin/omfordel
	install -m 644 omfordel.1 $(DESTDIR)$(PREFIX)/share/man/man1/omfordel.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/omfordel $(DESTDIR)$(PREFIX)/share/man/man1/omfordel.1

format:
	clang-format -i engine/*.[ch] io/*.[ch] report/*.[ch] cli/*.[ch] serve/*.[ch] tools/*.c \
	    tests/unit/*.c

clean:
	rm -rf build omfordel
