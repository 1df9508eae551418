#!/usr/bin/env bash
# Real-window smoke test: starts the built binary under Xvfb with a fresh data
# directory, waits for the window, presses Ctrl+K, types a query with xdotool,
# screenshots the screen and reads it back with OCR. It fails unless the
# results for the query become visible. The screenshot is kept for a human
# to look at: build/bin/smoke.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/concierge}
query=${SMOKE_QUERY:-refund}
expect=${SMOKE_EXPECT:-[Rr]efund}
shot=build/bin/smoke.png
[ -x "$bin" ] || { echo "smoke: $bin not built (run make build)" >&2; exit 1; }

work=$(mktemp -d)
display=":$((90 + RANDOM % 9))"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display

"$bin" --data-dir "$work/data" >"$work/app.log" 2>&1 &
app_pid=$!

win=""
for _ in $(seq 100); do
  win=$(xdotool search --onlyvisible --name '^Concierge$' 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "smoke: the app exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$win" ] || { cat "$work/app.log"; echo "smoke: no Concierge window appeared" >&2; exit 1; }
echo "smoke: window $win is up"

found=0
for attempt in $(seq 1 12); do
  sleep 1.5
  xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win" 2>/dev/null || true
  xdotool key --window "$win" ctrl+k
  xdotool key --window "$win" ctrl+a BackSpace
  xdotool type --delay 40 --window "$win" "$query"
  sleep 2
  import -window root "$shot"
  convert "$shot" -resize 200% -colorspace Gray "$work/ocr.png"
  tesseract "$work/ocr.png" "$work/ocr" >/dev/null 2>&1 || true
  if grep -Eq "$expect" "$work/ocr.txt" && [ "$(grep -Eci "$expect" "$work/ocr.txt")" -ge 3 ]; then
    found=1
    break
  fi
  echo "smoke: attempt $attempt: results for '$query' not visible yet"
done
echo "smoke: screenshot at $shot"
if [ $found -ne 1 ]; then
  echo "---- OCR ----"; cat "$work/ocr.txt" || true
  echo "---- app log ----"; cat "$work/app.log"
  echo "smoke: results for '$query' never appeared" >&2
  exit 1
fi
echo "smoke: results for '$query' are on screen"
# The lifecycle screens: a request's timeline in the real window.
[ "${SMOKE_TIMELINE:-1}" = 0 ] || build/scripts/smoke_timeline.sh "$bin"
