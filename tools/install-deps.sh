#!/bin/sh
# Install what building smtpcode needs on Debian or Ubuntu, make itself
# included (a fresh machine may lack it); with --test, also what the test
# suite uses.  Uses sudo when not run as root.
#
# usage: sh tools/install-deps.sh [--test]
set -eu
build="gcc make pkg-config libcmark-dev zlib1g-dev"
# clang and its libFuzzer runtime for the fuzz targets, mandoc and jq for
# the man and JSON output, valgrind, cppcheck and clang-tidy for make
# check-valgrind and make lint, Sisimai for the comparison, script(1),
# tmux, less, bash-completion, zsh and fish for the terminal, pager and
# completion cases, bc for make bench, chromium to open the --site pages
# in a real browser.
test="clang libclang-rt-dev mandoc jq bc valgrind cppcheck clang-tidy
    libsisimai-perl bsdutils tmux less bash-completion zsh fish parallel
    chromium"
case ${1:-} in
--test)	packages="$build $test" ;;
'')	packages=$build ;;
*)	echo "usage: sh tools/install-deps.sh [--test]" >&2; exit 2 ;;
esac
if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $packages
