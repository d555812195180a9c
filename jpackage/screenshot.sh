#!/usr/bin/env bash
# Opens the packaged app (no arguments: the desktop app on the bundled demo) under Xvfb, waits,
# and saves a screenshot: the manual check that the app-image's window really comes up.
#
#   jpackage/screenshot.sh [LAUNCHER] [OUT.png] [SECONDS]
#
# Defaults: target/jpackage/saescope/bin/saescope, target/jpackage/screenshot.png, 25 s.
# Needs xvfb-run, ImageMagick's `import` and GTK 3 (apt-get install xvfb imagemagick libgtk-3-0).
# Runs from an empty folder with an empty home, so the demo can only come from the install dir.
set -euo pipefail
cd "$(dirname "$0")/.."

launcher=$(readlink -f "${1:-target/jpackage/saescope/bin/saescope}")
out=$(readlink -f "${2:-target/jpackage/screenshot.png}")
wait_s=${3:-25}
[ -x "$launcher" ] || { echo "screenshot.sh: $launcher is not executable (build with jpackage/build.sh)" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/cwd"
cat > "$scratch/shoot.sh" <<'EOF'
#!/usr/bin/env bash
# Inside xvfb-run: start the app, wait, grab the root window, close the app.
launcher=$1 out=$2 wait_s=$3 scratch=$4
# Java takes user.home from the password database, not $HOME: set both, and the XDG folders.
h="$scratch/home"
(cd "$scratch/cwd" && HOME="$h" XDG_DATA_HOME="$h/.local/share" XDG_CONFIG_HOME="$h/.config" \
  XDG_CACHE_HOME="$h/.cache" JAVA_TOOL_OPTIONS="-Duser.home=$h" exec "$launcher") >"$scratch/app.log" 2>&1 &
pid=$!
sleep "$wait_s"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "screenshot.sh: the app exited early:" >&2; cat "$scratch/app.log" >&2; exit 1
fi
import -window root "$out"
kill "$pid"
wait "$pid" 2>/dev/null || true
EOF
chmod +x "$scratch/shoot.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$scratch/shoot.sh" "$launcher" "$out" "$wait_s" "$scratch"
echo "screenshot.sh: $out"
