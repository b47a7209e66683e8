# smtpcode: explain SMTP status codes.
.SUFFIXES:
.DELETE_ON_ERROR:

# --- CONFIGURATION --------------------------------------------------------
VERSION		= 0.1.0
RELEASE_DATE	= 2026-11-30
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR	?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR	?= $(PREFIX)/share/fish/vendor_completions.d
CC		?= cc
PKG_CONFIG	?= pkg-config
CMARK_CFLAGS	!= $(PKG_CONFIG) --cflags libcmark 2>/dev/null || true
CMARK_LIBS	!= $(PKG_CONFIG) --libs libcmark 2>/dev/null || echo -lcmark
ZLIB_CFLAGS	!= $(PKG_CONFIG) --cflags zlib 2>/dev/null || true
ZLIB_LIBS	!= $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz
LIBS		= $(CMARK_LIBS) $(ZLIB_LIBS)
# Feature tests, as mandoc's configure makes them: pledge(2) on OpenBSD,
# a seccomp filter on Linux; see src/sandbox.c.
HAVE_PLEDGE	!= sh tools/feature.sh "$(CC)" pledge
HAVE_SECCOMP	!= sh tools/feature.sh "$(CC)" seccomp
# Start-up (SPEC section 7): the program links libcmark and zlib
# statically when their archives are installed, and is position-dependent,
# so the thousands of pointers in the knowledge-base table need no
# relocation at each start (measured: 174 page faults a lookup become 85).
# Where libc's archive links too (glibc's libc.a, Debian's libc6-dev), the
# program is wholly static: no dynamic loader runs at all, which was half
# of a lookup's time (1000 lookups 0.74 s against 0.48 s of /bin/true
# before, 0.54 s after).  It uses nothing a static glibc lacks (no NSS,
# iconv or locales).  make LINK_STATIC=0 links libc dynamically, as
# valgrind needs; LINK_STATIC=0 LDFLAGS=-pie gives a PIE.
LINK_STATIC	!= sh tools/feature.sh "$(CC)" static
STATIC_LIBS	!= d=$$($(PKG_CONFIG) --variable=libdir libcmark 2>/dev/null); \
		   [ -n "$$d" ] && [ -f "$$d/libcmark.a" ] && \
		   [ -f "$$d/libz.a" ] && \
		   echo "-Wl,-Bstatic -lcmark -lz -Wl,-Bdynamic" || true
PROG_LIBS	= $(if $(filter 1,$(LINK_STATIC)),$(LIBS),\
		  $(if $(STATIC_LIBS),$(STATIC_LIBS),$(LIBS)))
PROG_LDFLAGS	= $(if $(filter 1,$(LINK_STATIC)),-static,-no-pie) \
		  -Wl,-O1 -Wl,--as-needed
CFLAGS		?= -O2 -g
WARNFLAGS	= -std=c11 -Wall -Wextra -pedantic -Wmissing-prototypes \
		  -Wstrict-prototypes -Wshadow -Wpointer-arith -Wwrite-strings \
		  -Wformat=2
ALL_CFLAGS	= $(WARNFLAGS) -D_DEFAULT_SOURCE -DVERSION=\"$(VERSION)\" \
		  -DRELEASE_DATE=\"$(RELEASE_DATE)\" \
		  -DHAVE_PLEDGE=$(HAVE_PLEDGE) -DHAVE_SECCOMP=$(HAVE_SECCOMP) \
		  $(CMARK_CFLAGS) $(ZLIB_CFLAGS) $(CFLAGS)

# --- LIST OF FILES --------------------------------------------------------
KB_MD		!= ls codes/*.md codes/vendor/*.md 2>/dev/null | \
		   grep -v '/README.md$$' | LC_ALL=C sort
# stage.o finds its phrases with msearch.o, mail.o and dsn.o theirs
# with casemem.o
MAIL_OBJS	= src/mail.o src/mime.o src/dsn.o src/stage.o src/msearch.o \
		  src/casemem.o
COMMON_OBJS	= src/code.o src/xmalloc.o src/kbcheck.o src/msg.o \
		  src/term.o
WORDING		= codes/wording/phrases.md
PROG_OBJS	= src/main.o src/find.o src/kb.o src/kb_data.o \
		  src/explain.o src/json.o src/line.o src/scan.o src/summary.o \
		  src/vendor.o src/overlay.o src/list.o src/search.o \
		  src/jread.o \
		  src/render_json.o src/render_html.o src/render_man.o \
		  src/pattern.o src/verdict.o src/page.o src/render_text.o \
		  src/input.o src/pager.o src/note.o src/bounce.o src/sandbox.o src/pipe.o \
		  src/outbuf.o \
		  $(MAIL_OBJS) $(COMMON_OBJS)
GEN_OBJS	= src/kbgen.o src/wordgen.o src/gen.o $(COMMON_OBJS)

# --- TARGETS --------------------------------------------------------------
all: smtpcode

smtpcode: $(PROG_OBJS)
	$(CC) $(ALL_CFLAGS) $(PROG_LDFLAGS) $(LDFLAGS) -o $@ $(PROG_OBJS) \
	    $(PROG_LIBS)

kbgen: $(GEN_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(GEN_OBJS) $(CMARK_LIBS)

src/kb_data.c: kbgen $(KB_MD) $(WORDING)
	@echo "./kbgen -o $@ -w $(WORDING) codes/*.md codes/vendor/*.md"
	@./kbgen -o $@ -w $(WORDING) $(KB_MD)

$(PROG_OBJS) $(GEN_OBJS): src/extern.h
src/outbuf.o src/scan.o src/render_json.o src/json.o tests/unit: src/outbuf.h
src/msearch.o src/summary.o: src/ascii.h

.SUFFIXES: .c .o
.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

tests/unit: tests/unit.c $(PROG_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit.c \
	    $(filter-out src/main.o,$(PROG_OBJS)) $(LIBS)

# The same program and unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer; make check runs the whole suite on both.
SAN_FLAGS	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=all
PROG_SRCS	= $(PROG_OBJS:.o=.c)
build-san/smtpcode: $(PROG_SRCS) src/extern.h src/outbuf.h src/ascii.h
	@mkdir -p build-san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(PROG_SRCS) \
	    $(LIBS)

build-san/unit: tests/unit.c $(PROG_SRCS) src/extern.h src/outbuf.h \
    src/ascii.h
	@mkdir -p build-san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ tests/unit.c \
	    $(filter-out src/main.c,$(PROG_SRCS)) $(LIBS)

# The bounce reader's driver, not installed: one TSV line per recipient.
tests/mailtool: tests/mailtool.c $(MAIL_OBJS) src/xmalloc.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/mailtool.c $(MAIL_OBJS) \
	    src/xmalloc.o

build-san/mailtool: tests/mailtool.c $(MAIL_OBJS:.o=.c) src/xmalloc.c \
    src/extern.h src/ascii.h
	@mkdir -p build-san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ tests/mailtool.c \
	    $(MAIL_OBJS:.o=.c) src/xmalloc.c

tests/corpus: tests/corpus.c src/find.o src/code.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/corpus.c src/find.o \
	    src/code.o

check: smtpcode kbgen tests/unit tests/corpus build-san/smtpcode \
    build-san/unit fuzz-build tests/mailtool build-san/mailtool
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh -u tests/unit -u build-san/unit \
	    ./smtpcode build-san/smtpcode

test: check

# A source tarball of what is committed; distcheck builds and tests it
# alone, as a packager would.
DIST		= smtpcode-$(VERSION)
dist:
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DIST).tar.gz HEAD

distcheck: dist
	rm -rf build-dist
	mkdir -p build-dist
	tar -xzf $(DIST).tar.gz -C build-dist
	$(MAKE) -C build-dist/$(DIST) check

# Static analysis, clean on every source file but the generated table.
# clang-analyzer's valist checker is off: it misreads va_start after an
# early return (clang 14); the narrowing and swappable-parameter checks
# are style, not bugs, in this code.
TIDY_CHECKS	= -*,clang-analyzer-*,bugprone-*,\
		  -bugprone-easily-swappable-parameters,\
		  -bugprone-reserved-identifier,-bugprone-narrowing-conversions,\
		  -clang-analyzer-valist.Uninitialized,\
		  -clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
LINT_SRCS	= $(filter-out src/kb_data.c,$(wildcard src/*.c))
lint: src/kb_data.c
	cppcheck --quiet --enable=warning,portability,performance --std=c11 \
	    --error-exitcode=1 -D_DEFAULT_SOURCE \
	    --suppress=missingIncludeSystem $(LINT_SRCS)
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' \
	    $(LINT_SRCS) -- -std=c11 -D_DEFAULT_SOURCE -DVERSION='"x"' \
	    -DRELEASE_DATE='"x"' $(CMARK_CFLAGS) 2>/dev/null

# The whole suite under valgrind (slow: every case runs under it): no memory
# error and no leak.
# valgrind finds leaks through libc's malloc, which a static program does
# not call through the loader: it gets a dynamically linked copy.  The
# static ./smtpcode is built too: the --site and HTML checks run it.
check-valgrind: smtpcode build-vg/smtpcode tests/unit
	valgrind -q --error-exitcode=99 --leak-check=full tests/unit tests \
	    > /dev/null
	sh tests/run.sh -V build-vg/smtpcode

build-vg/smtpcode: $(PROG_OBJS)
	@mkdir -p build-vg
	$(CC) $(ALL_CFLAGS) -no-pie $(LDFLAGS) -o $@ $(PROG_OBJS) \
	    $(if $(STATIC_LIBS),$(STATIC_LIBS),$(LIBS))

# Log-mode throughput beside grep -E on the same generated log.
BENCH_MB	?= 200
BENCH_RUNS	?= 3
bench: smtpcode
	sh bench/run.sh $(BENCH_MB) $(BENCH_RUNS)

# Packages a fresh Debian or Ubuntu machine lacks for build and tests; the
# script also works where make itself is missing.
deps:
	sh tools/install-deps.sh

deps-test:
	sh tools/install-deps.sh --test

install: smtpcode
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5
	cp smtpcode $(DESTDIR)$(BINDIR)/smtpcode
	chmod 755 $(DESTDIR)$(BINDIR)/smtpcode
	cp man/smtpcode.1 $(DESTDIR)$(MANDIR)/man1/smtpcode.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/smtpcode.1
	cp man/smtpcode-kb.5 $(DESTDIR)$(MANDIR)/man5/smtpcode-kb.5
	chmod 644 $(DESTDIR)$(MANDIR)/man5/smtpcode-kb.5
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	cp completions/smtpcode.bash $(DESTDIR)$(BASHCOMPDIR)/smtpcode
	cp completions/_smtpcode $(DESTDIR)$(ZSHCOMPDIR)/_smtpcode
	cp completions/smtpcode.fish $(DESTDIR)$(FISHCOMPDIR)/smtpcode.fish
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/smtpcode \
	    $(DESTDIR)$(ZSHCOMPDIR)/_smtpcode \
	    $(DESTDIR)$(FISHCOMPDIR)/smtpcode.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtpcode $(DESTDIR)$(MANDIR)/man1/smtpcode.1 \
	    $(DESTDIR)$(MANDIR)/man5/smtpcode-kb.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/smtpcode $(DESTDIR)$(ZSHCOMPDIR)/_smtpcode \
	    $(DESTDIR)$(FISHCOMPDIR)/smtpcode.fish

clean:
	rm -f smtpcode kbgen src/*.o src/kb_data.c tests/unit tests/corpus \
	    tests/mailtool
	rm -rf build-san build-vg build-fuzz build-dist $(DIST).tar.gz

.PHONY: all bench check check-valgrind dist distcheck lint test clean deps deps-test install uninstall

# --- FUZZING --------------------------------------------------------------
# libFuzzer targets (clang with libclang-rt): the code grammar, the line
# finder, the entry validator and renderer, and the bounce reader.  make check runs each over
# its saved corpus; make fuzz runs each for FUZZ_TIME seconds.
FUZZ_CC		?= clang
FUZZ_TIME	?= 60
FUZZ_FLAGS	= -g -O1 -fsanitize=fuzzer,address,undefined \
		  -fno-sanitize-recover=all
FUZZ_NAMES	= code find render scan overlay merge mail
FUZZ_TARGETS	= $(FUZZ_NAMES:%=build-fuzz/fuzz_%)
LIB_SRCS	= $(filter-out src/main.c,$(PROG_SRCS))

$(FUZZ_TARGETS): $(PROG_SRCS) src/extern.h src/outbuf.h src/ascii.h \
    $(FUZZ_NAMES:%=tests/fuzz/fuzz_%.c)
	@mkdir -p build-fuzz
	$(FUZZ_CC) -std=c11 -D_DEFAULT_SOURCE -DVERSION=\"$(VERSION)\" \
	    $(CMARK_CFLAGS) $(FUZZ_FLAGS) -o $@ tests/fuzz/$(@F).c \
	    $(LIB_SRCS) $(LIBS)

fuzz-build:
	@mkdir -p build-fuzz
	@if printf 'int LLVMFuzzerTestOneInput(const char *d, long n)\n{ return 0; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c - -o build-fuzz/probe \
	    2>/dev/null; then $(MAKE) $(FUZZ_TARGETS); else \
	    echo "fuzz: $(FUZZ_CC) cannot build libFuzzer targets; skipped"; fi

fuzz: fuzz-build
	@for t in $(FUZZ_NAMES); do \
	    mkdir -p build-fuzz/new-$$t; \
	    echo "fuzz_$$t: $(FUZZ_TIME) s"; \
	    build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
	        -rss_limit_mb=2048 build-fuzz/new-$$t tests/fuzz/corpus/$$t \
	        2>&1 | tail -3 || exit 1; \
	done

.PHONY: fuzz fuzz-build
