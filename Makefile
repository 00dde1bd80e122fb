# omfordel - plan a jobcentre reorganisation. See README.md.
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
VERSION := 0.1.0

WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DOMFORDEL_VERSION='"$(VERSION)"' -Iengine -Iio -Ireport
LDLIBS   = -lglpk -lcsv -ljansson -lm
ASAN     = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# the fuzz harnesses (tests/fuzz/fuzz_*.c) need clang's libFuzzer
FUZZCC   ?= clang
FUZZSAN   = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_TIME ?= 600
FUZZ_CHECK_TIME ?= 20
# the fault build: every allocation of the program goes through tests/fault/failalloc.c
WRAP     = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup

# the library: the engine, the readers and writers of files, the texts for people;
# cli/ (the command line and the orchestration of compare) goes only into the program
LIBSRC  := $(sort $(wildcard engine/*.c io/*.c report/*.c))
PROGSRC := $(sort $(filter-out cli/main.c,$(wildcard cli/*.c)))
OBJ     := $(LIBSRC:%.c=build/%.o)
AOBJ    := $(LIBSRC:%.c=build/asan/%.o)
HEADERS := $(wildcard engine/*.h io/*.h report/*.h cli/*.h)
TOOLS   := build/gen
FOBJ    := $(LIBSRC:%.c=build/fuzz/%.o)
FUZZERS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps demo check fuzz bench install uninstall clean format

all: omfordel $(TOOLS)

deps:
	@tools/install-deps.sh

build/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(CPPFLAGS) -c $< -o $@

build/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(ASAN) $(CPPFLAGS) -c $< -o $@

build/libomfordel.a: $(OBJ)
	$(AR) rcs $@ $^

build/asan/libomfordel.a: $(AOBJ)
	$(AR) rcs $@ $^

omfordel: build/cli/main.o $(PROGSRC:%.c=build/%.o) build/libomfordel.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/omfordel: build/asan/cli/main.o $(PROGSRC:%.c=build/asan/%.o) build/asan/libomfordel.a
	$(CC) $(ASAN) -o $@ $^ $(LDLIBS)

build/fault/omfordel: build/asan/cli/main.o $(PROGSRC:%.c=build/asan/%.o) build/asan/libomfordel.a \
    tests/fault/failalloc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(ASAN) $(CPPFLAGS) $(WRAP) -o $@ $^ $(LDLIBS)

build/fuzz/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZCC) -std=c11 $(WARN) $(FUZZSAN) -fsanitize=fuzzer-no-link $(CPPFLAGS) -c $< -o $@

build/fuzz/libomfordel.a: $(FOBJ)
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libomfordel.a
	$(FUZZCC) -std=c11 $(WARN) $(FUZZSAN) -fsanitize=fuzzer $(CPPFLAGS) -o $@ $< \
	    build/fuzz/libomfordel.a $(LDLIBS)

build/gen: build/tools/gen.o
	$(CC) $(CFLAGS) -o $@ $^ -lm

build/unit/%: tests/unit/%.c build/asan/libomfordel.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(ASAN) $(CPPFLAGS) -o $@ $^ $(LDLIBS)

UNITS := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))

demo: deps all
	./omfordel validate scenarios/slagelse-2017/cut-40.json
	./omfordel plan scenarios/slagelse-2017/cut-40.json --time-limit 20

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

install: omfordel
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 omfordel $(DESTDIR)$(PREFIX)/bin/omfordel
	install -m 644 omfordel.1 $(DESTDIR)$(PREFIX)/share/man/man1/omfordel.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/omfordel $(DESTDIR)$(PREFIX)/share/man/man1/omfordel.1

format:
	clang-format -i engine/*.[ch] io/*.[ch] report/*.[ch] cli/*.[ch] tools/*.c tests/unit/*.c

clean:
	rm -rf build omfordel
