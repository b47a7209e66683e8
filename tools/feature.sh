#!/bin/sh
# Feature tests for the Makefile, as mandoc's configure makes them: print
# 1 if the C compiler builds a program that uses the feature, else 0.
#
# usage: tools/feature.sh cc pledge|seccomp|static
cc=${1:-cc}
flags= libs=
case $2 in
pledge)
	prog='#include <unistd.h>
int main(void) { return pledge("stdio", 0); }'
	;;
seccomp)
	prog='#include <sys/prctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
int main(void) { return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0); }'
	;;
static)
	# libc, libcmark and zlib all as archives: a fully static program.
	prog='#include <cmark.h>
#include <zlib.h>
int main(void) { return cmark_version() == 0 && zlibVersion() == 0; }'
	flags=-static libs="-lcmark -lz"
	;;
*)
	echo "usage: tools/feature.sh cc pledge|seccomp|static" >&2
	exit 2
	;;
esac
# shellcheck disable=SC2086
if printf '%s\n' "$prog" | $cc $flags -x c -o /dev/null - $libs \
    > /dev/null 2>&1; then
	echo 1
else
	echo 0
fi
