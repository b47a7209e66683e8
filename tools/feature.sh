#!/bin/sh
# Feature tests for the Makefile, as mandoc's configure makes them: print
# 1 if the C compiler builds a program that uses the feature, else 0.
#
# usage: tools/feature.sh cc pledge|seccomp|static
cc=${1:-cc}
flags=
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
	# A C library to link whole into the program (glibc's libc.a).
	prog='#include <stdio.h>
int main(void) { return puts("") == EOF; }'
	flags=-static
	;;
*)
	echo "usage: tools/feature.sh cc pledge|seccomp|static" >&2
	exit 2
	;;
esac
if printf '%s\n' "$prog" | $cc $flags -x c -o /dev/null - > /dev/null 2>&1; then
	echo 1
else
	echo 0
fi
