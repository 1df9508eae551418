#!/usr/bin/env bash
# Measures time from launch to an interactive window: the app logs
# "window interactive after_ms=N" when the frontend's first bound call
# reaches Go. Runs the built binary under Xvfb five times on a data dir that
# already holds the sample knowledge base (the first, importing run is
# reported separately).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/concierge}
[ -x "$bin" ] || { echo "launch_bench: build first (make build)" >&2; exit 1; }
work=$(mktemp -d)
display=":$((80 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# launch DATA_DIR TENTHS: starts the app on DATA_DIR (pid in $pid) and sets
# $ms to its "window interactive" time, waiting at most TENTHS/10 s.
launch() {
  DISPLAY=$display "$bin" --data-dir "$1" >"$work/log" 2>&1 &
  pid=$!
  ms=""
  for _ in $(seq "$2"); do
    ms=$(grep 'window interactive' "$work/log" | grep -o 'after_ms=[0-9]*' | grep -o '[0-9]*$' || true)
    [ -n "$ms" ] && break
    sleep 0.1
  done
}

# quit: stops the app started by launch (TERM, then KILL after 10 s).
quit() {
  kill $pid 2>/dev/null || true
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
}

for i in 0 1 2 3 4 5; do
  launch "$work/data" 150
  sleep 1 # let the first-run work settle before closing
  quit
  if [ "$i" = 0 ]; then echo "launch (first run, imports sample): ${ms:-timeout} ms"; else echo "launch $i: ${ms:-timeout} ms"; fi
done

# With LAUNCH_DATA=<data folder> (e.g. one `indexer import` filled with 10k
# articles), also: time to an interactive window on that folder and the
# Go process's resident memory once it has settled (LAUNCH_SETTLE seconds,
# default 15: vectors loaded, start-up reconcile done). WebKit's own
# processes are not counted.
if [[ -n "${LAUNCH_DATA:-}" ]]; then
  settle=${LAUNCH_SETTLE:-15}
  cp -r "$LAUNCH_DATA" "$work/big"
  arts=$(sqlite3 "$work/big/concierge.db" 'select count(*) from articles' 2>/dev/null || echo '?')
  for i in 1 2 3; do
    launch "$work/big" 300
    sleep "$settle"
    rss=$(awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo '?')
    open=$(grep 'knowledge base open' "$work/log" | grep -o 'after_ms=[0-9]*' | grep -o '[0-9]*$' || echo '?')
    quit
    echo "launch on $arts articles, run $i: interactive ${ms:-timeout} ms, knowledge base open ${open} ms, Go process RSS ${rss} MB after ${settle} s"
  done
fi
