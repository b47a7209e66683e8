# smtpcode: explain SMTP status codes.
.SUFFIXES:
.DELETE_ON_ERROR:

# --- CONFIGURATION --------------------------------------------------------
VERSION		= 0.1.0
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
CC		?= cc
PKG_CONFIG	?= pkg-config
CMARK_CFLAGS	!= $(PKG_CONFIG) --cflags libcmark 2>/dev/null || true
CMARK_LIBS	!= $(PKG_CONFIG) --libs libcmark 2>/dev/null || echo -lcmark
CFLAGS		?= -O2 -g
WARNFLAGS	= -std=c11 -Wall -Wextra -pedantic -Wmissing-prototypes \
		  -Wstrict-prototypes -Wshadow -Wpointer-arith -Wwrite-strings \
		  -Wformat=2
ALL_CFLAGS	= $(WARNFLAGS) -D_DEFAULT_SOURCE -DVERSION=\"$(VERSION)\" \
		  $(CMARK_CFLAGS) $(CFLAGS)

# --- LIST OF FILES --------------------------------------------------------
KB_MD		!= ls codes/*.md codes/vendor/*.md 2>/dev/null | \
		   grep -v '/README.md$$' | LC_ALL=C sort
COMMON_OBJS	= src/code.o src/xmalloc.o src/kbcheck.o
PROG_OBJS	= src/main.o src/find.o src/kb.o src/kb_data.o src/render.o \
		  src/explain.o src/json.o $(COMMON_OBJS)
GEN_OBJS	= src/kbgen.o $(COMMON_OBJS)

# --- TARGETS --------------------------------------------------------------
all: smtpcode

smtpcode: $(PROG_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(PROG_OBJS) $(CMARK_LIBS)

kbgen: $(GEN_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(GEN_OBJS) $(CMARK_LIBS)

src/kb_data.c: kbgen $(KB_MD)
	./kbgen -o $@ $(KB_MD)

$(PROG_OBJS) src/kbgen.o: src/extern.h

.SUFFIXES: .c .o
.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

tests/unit: tests/unit.c $(PROG_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit.c \
	    $(filter-out src/main.o,$(PROG_OBJS)) $(CMARK_LIBS)

# The same program and unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer; make check runs the whole suite on both.
SAN_FLAGS	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=all
PROG_SRCS	= $(PROG_OBJS:.o=.c)
build-san/smtpcode: $(PROG_SRCS) src/extern.h
	@mkdir -p build-san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(PROG_SRCS) \
	    $(CMARK_LIBS)

build-san/unit: tests/unit.c $(PROG_SRCS) src/extern.h
	@mkdir -p build-san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ tests/unit.c \
	    $(filter-out src/main.c,$(PROG_SRCS)) $(CMARK_LIBS)

check: smtpcode kbgen tests/unit build-san/smtpcode build-san/unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh -u tests/unit -u build-san/unit \
	    ./smtpcode build-san/smtpcode

test: check

# Packages a fresh Debian or Ubuntu machine lacks for build and tests.
DEB_PACKAGES	= gcc clang make pkg-config libcmark-dev mandoc
deps:
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(DEB_PACKAGES)

install: smtpcode
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp smtpcode $(DESTDIR)$(BINDIR)/smtpcode
	chmod 755 $(DESTDIR)$(BINDIR)/smtpcode
	cp man/smtpcode.1 $(DESTDIR)$(MANDIR)/man1/smtpcode.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/smtpcode.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtpcode $(DESTDIR)$(MANDIR)/man1/smtpcode.1

clean:
	rm -f smtpcode kbgen src/*.o src/kb_data.c tests/unit
	rm -rf build-san

.PHONY: all check test clean deps install uninstall
