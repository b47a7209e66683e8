#!/bin/sh
# Install what building and testing smtpcode needs on Debian or Ubuntu,
# make itself included (a fresh machine may lack it).  Uses sudo when not
# run as root.
set -eu
packages="gcc clang libclang-rt-dev make pkg-config libcmark-dev mandoc jq bc
    valgrind cppcheck clang-tidy libsisimai-perl parallel"
if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $packages
