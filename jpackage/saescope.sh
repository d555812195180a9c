#!/bin/sh
# The `saescope` command: bin/saescope of the app-image, and /usr/bin/saescope (a symlink to
# /opt/saescope/bin/saescope) once the .deb is installed.
#
# jpackage's native launcher cannot set environment variables, and two settings must be in the
# environment before the JVM loads libtorch, so this script sets them and execs the native
# launcher (bin/saescope-launcher, which takes its Java options from lib/app/saescope-launcher.cfg):
#  - OMP_WAIT_POLICY=PASSIVE: libgomp otherwise spins its threads at every barrier; on a busy
#    2-core machine that made a forward pass 5-7x slower (see README, Performance).
#  - DJL_CACHE_DIR: where DJL unpacks libtorch and the tokenizer library on first start; under
#    the user's cache folder instead of ~/.djl.ai.
# Values already in the environment win.
: "${OMP_WAIT_POLICY:=PASSIVE}"
export OMP_WAIT_POLICY
if [ -z "${DJL_CACHE_DIR:-}" ] && [ -n "${HOME:-}" ]; then
  DJL_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/saescope/djl"
  export DJL_CACHE_DIR
fi
self=$(readlink -f "$0")
exec "${self%/*}/saescope-launcher" "$@"
