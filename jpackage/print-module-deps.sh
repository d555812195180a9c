#!/usr/bin/env bash
# Prints the JDK modules that saescope.jar and its runtime jars use (jdeps), as the starting point
# of jpackage/runtime-modules.txt. Run after `mvn -B package -DskipTests`.
#
# jdeps cannot take the whole class path at once: the modular jars (JavaFX, Jackson, ControlsFX,
# commons-compress, slf4j-simple) would be resolved as modules and fail on optional requirements
# that are not shipped (commons-lang3). So each jar is analysed alone, the modular ones from their
# extracted classes, and the answers are merged.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f target/saescope.jar ] || { echo "print-module-deps.sh: run mvn -B package -DskipTests first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for jar in target/saescope.jar target/lib/*.jar; do
  name=$(basename "$jar")
  if jar tf "$jar" | grep -q 'module-info.class$'; then
    mkdir -p "$work/$name"
    (cd "$work/$name" && jar xf "$OLDPWD/$jar" && rm -rf module-info.class META-INF/versions)
    target="$work/$name"
  else
    target="$jar"
  fi
  deps=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$target")
  echo "$name: ${deps:--}" >&2
  [ -n "$deps" ] && tr ',' '\n' <<<"$deps"
done | sort -u | paste -sd, -
