#!/usr/bin/env bash
# Builds the installable SAEscope: a jlink runtime, a jpackage app-image and a .deb.
#
#   jpackage/build.sh              # mvn package, then runtime + app-image + .deb
#   jpackage/build.sh --no-maven   # reuse target/saescope.jar + target/lib (e.g. after mvn verify)
#   jpackage/build.sh --no-deb     # stop after the app-image
#
# Output under target/jpackage/: saescope/ (the app-image) and saescope_VERSION_amd64.deb.
# Extra Maven flags go in MVN_ARGS (e.g. MVN_ARGS=-o for an offline build).
# See jpackage/README.md for what each piece is and why.
set -euo pipefail
cd "$(dirname "$0")/.."

run_maven=1
build_deb=1
for arg in "$@"; do
  case "$arg" in
    --no-maven) run_maven=0 ;;
    --no-deb) build_deb=0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

for tool in jlink jpackage; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build.sh: $tool not found (a full JDK 17+ is needed)" >&2; exit 1; }
done

step() { printf '[build.sh %(%H:%M:%S)T] %s\n' -1 "$*"; }

if [ "$run_maven" = 1 ]; then
  step "mvn package"
  # shellcheck disable=SC2086 # MVN_ARGS is a list of flags
  mvn -B -q ${MVN_ARGS:-} package -DskipTests
fi
[ -f target/saescope.jar ] && [ -d target/lib ] || {
  echo "build.sh: target/saescope.jar or target/lib is missing: run mvn -B package first" >&2; exit 1; }

# jpackage wants a plain version (digits and dots): 0.1.0-SNAPSHOT -> 0.1.0.
version=$(sed -n 's:^  <version>\([0-9.]*\).*</version>:\1:p' pom.xml | head -1)
[ -n "$version" ] || { echo "build.sh: no <version> in pom.xml" >&2; exit 1; }

out=target/jpackage
rm -rf "$out"
mkdir -p "$out/input/lib"

# The input folder becomes lib/app/ of the app-image: the jar, its class path (lib/, from the
# jar's manifest) and the bundled demo, which the app finds through -Dsaescope.home=$APPDIR.
step "stage input"
cp target/saescope.jar "$out/input/"
jars=()
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*-[0-9]*[0-9].jar) ;; # the unclassified JavaFX jars are empty stubs; the -linux ones hold the code
    *) jars+=("$jar") ;;
  esac
done
# The .deb is for amd64 Linux: natives for other platforms inside the jars (sqlite-jdbc, JNA,
# tokenizers, DJL's JNI) are left out of the copies.
java jpackage/StripForeignNatives.java "$out/input/lib" "${jars[@]}"
for dir in assets sample-dictionaries; do
  if [ -d "$dir" ]; then
    # brown-train.jsonl is regenerated training data (saescope data brown), not part of the demo.
    tar -C . --exclude='brown-train.jsonl' -cf - "$dir" | tar -C "$out/input" -xf -
  fi
done

step "jlink runtime"
modules=$(grep -v '^\s*#' jpackage/runtime-modules.txt | grep -v '^\s*$' | paste -sd, -)
jlink --add-modules "$modules" --output "$out/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress=2

step "jpackage app-image"
jpackage @jpackage/common.args @jpackage/app-image.args \
  --app-version "$version" --input "$out/input" --runtime-image "$out/runtime" --dest "$out"

# jpackage launchers cannot set environment variables, and libtorch needs OMP_WAIT_POLICY=PASSIVE
# before it loads (see jpackage/README.md). So bin/saescope becomes a small shell script that sets
# it and execs the native launcher, renamed to bin/saescope-launcher (which reads
# lib/app/<its own name>.cfg, hence the cfg's rename).
app="$out/saescope"
mv "$app/bin/saescope" "$app/bin/saescope-launcher"
mv "$app/lib/app/saescope.cfg" "$app/lib/app/saescope-launcher.cfg"
install -m 755 jpackage/saescope.sh "$app/bin/saescope"

du -sh "$app" | awk '{print "[build.sh] app-image: " $1 " in " $2}'

if [ "$build_deb" = 1 ]; then
  command -v fakeroot >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || {
    echo "build.sh: fakeroot and dpkg-deb are needed for the .deb (apt-get install fakeroot dpkg)" >&2; exit 1; }
  step "jpackage deb"
  # jpackage runs dpkg-deb, whose default xz took 3 min here to save 2% on data that is mostly
  # jars (already compressed); gzip takes seconds. DEB_COMPRESSION=xz gets the smaller file.
  DPKG_DEB_COMPRESSOR_TYPE="${DEB_COMPRESSION:-gzip}" jpackage @jpackage/common.args @jpackage/deb.args \
    --app-version "$version" --app-image "$app" --dest "$out"
  ls -l "$out"/*.deb | awk '{print "[build.sh] deb: " $5 " bytes " $9}'
fi
step "done"
