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
KB_MD		!= ls codes/*.md | grep -v '/README.md$$' | LC_ALL=C sort
COMMON_OBJS	= src/code.o src/xmalloc.o src/kbcheck.o
PROG_OBJS	= src/main.o src/find.o src/kb.o src/kb_data.o src/render.o \
		  src/explain.o $(COMMON_OBJS)
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

clean:
	rm -f smtpcode kbgen src/*.o src/kb_data.c tests/unit

.PHONY: all clean
