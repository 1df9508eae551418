#!/usr/bin/env bash
# Real-window check of a request's timeline: starts the built binary under
# Xvfb with a fresh data directory, opens Requests, creates a request with
# the keyboard (the new-request form focuses its first field), screenshots
# the window and reads it back with OCR. It fails unless the typed message
# is painted within 3 s without other input, and unless the request's
# timeline (its tab and the customer's first message) is on screen.
# The screenshot is kept for a human to look at: build/bin/timeline.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/concierge}
shot=build/bin/timeline.png
[ -x "$bin" ] || { echo "smoke-timeline: $bin not built (run make build)" >&2; exit 1; }

work=$(mktemp -d)
display=":$((70 + RANDOM % 9))"
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
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "smoke-timeline: the app exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$win" ] || { cat "$work/app.log"; echo "smoke-timeline: no Concierge window appeared" >&2; exit 1; }
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win" 2>/dev/null || true
sleep 3

ocr() {
  import -window root "$shot"
  convert "$shot" -resize 200% -colorspace Gray "$work/ocr.png"
  tesseract "$work/ocr.png" "$work/ocr" >/dev/null 2>&1 || true
}

# The nav rail and the request list's "+ New request" sit at fixed places.
xdotool mousemove 37 145 click 1   # Requests
sleep 1.5
xdotool mousemove 147 56 click 1   # + New request (the form focuses "Customer name")
# Type only once the form is on screen: keys sent earlier land elsewhere.
for attempt in $(seq 1 20); do
  sleep 1
  ocr
  grep -q "First customer message" "$work/ocr.txt" && break
done
xdotool type --delay 30 "Marta Silva"; xdotool key Tab
xdotool type --delay 30 "marta@example.org"; xdotool key Tab Tab
xdotool type --delay 30 "Deposit not refunded"; xdotool key Tab
xdotool type --delay 30 "I cancelled a week ahead and still have not got the deposit back."
# Typed text must be painted without any other input (no mouse move): with
# WebKitGTK's acceleration off it was painted seconds late.
painted=0
for attempt in 1 2 3; do
  sleep 1
  ocr
  if grep -q "deposit back" "$work/ocr.txt"; then painted=1; break; fi
done
if [ $painted -ne 1 ]; then
  echo "---- OCR ----"; cat "$work/ocr.txt" || true
  echo "smoke-timeline: the typed message is not painted 3 s after the last key" >&2
  exit 1
fi
echo "smoke-timeline: the typed message is painted at once (attempt $attempt)"
xdotool key Tab Return             # Create request
found=0
for attempt in $(seq 1 10); do
  sleep 1.5
  ocr
  if grep -q "Timeline" "$work/ocr.txt" && grep -q "Marta Silva wrote" "$work/ocr.txt"; then found=1; break; fi
  echo "smoke-timeline: attempt $attempt: the timeline is not on screen yet"
done
echo "smoke-timeline: screenshot at $shot"
if [ $found -ne 1 ]; then
  echo "---- OCR ----"; cat "$work/ocr.txt" || true
  echo "---- app log ----"; cat "$work/app.log"
  echo "smoke-timeline: the request's timeline never appeared" >&2
  exit 1
fi
echo "smoke-timeline: the request's timeline is on screen"
