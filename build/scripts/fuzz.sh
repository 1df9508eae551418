#!/usr/bin/env bash
# Runs every fuzz target of Concierge, one after another, each for FUZZTIME
# (default 60s), and prints a table of executions, executions per second
# and the result. A target that finds a failing input stops, and Go writes
# the input to <package>/testdata/fuzz/<Target>/: commit it, fix the bug,
# and it runs from then on as a regression test in `go test`.
#
#   build/scripts/fuzz.sh                  all targets, 60 s each
#   FUZZTIME=10m build/scripts/fuzz.sh     10 minutes each
#   build/scripts/fuzz.sh FuzzQuery        only the targets named
#
# FUZZPARALLEL sets the number of fuzzing workers (default: GOMAXPROCS);
# FUZZMINIMIZETIME bounds the minimisation of each new interesting input
# (default 10s; Go's own 60 s default leaves a short run minimising).
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzztime=${FUZZTIME:-60s}
minimize=${FUZZMINIMIZETIME:-10s}
parallel=()
[ -n "${FUZZPARALLEL:-}" ] && parallel=(-parallel "$FUZZPARALLEL")

# package target — what it fuzzes
targets=(
  "./knowledge/frontmatter FuzzParseFormat"   # front matter: parse → write → parse is stable
  "./knowledge/importer FuzzImport"           # Markdown and HTML import: every file accounted for, re-import idempotent
  "./knowledge/search FuzzQuery"              # query parser: as-you-type, fuzzy, syntax characters; never errors, bounded clauses
  "./indexer FuzzRequestFile"                 # request JSON of `indexer suggest`
  "./knowledge/assist FuzzModelOutput"        # model output: no citation outside the prompt
  "./knowledge/eval FuzzLoadBEIR"             # BEIR loader
  "./knowledge/analysis FuzzTokenize"         # English/Russian/Thai analyzers and the mixed tokenizer
  "./knowledge/procedure FuzzParse"           # procedure task lists in articles: bounded steps, no markup in titles
  "./knowledge/followup FuzzDetectPromises"   # promises in replies: due times always in the future
  "./knowledge/markdown FuzzRender"           # rendering: nothing executable survives
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-34s %12s %10s  %s\n' target execs "execs/s" result
failed=0
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  if [ $# -gt 0 ]; then
    wanted=0
    for w in "$@"; do [ "$w" = "$name" ] && wanted=1; done
    [ $wanted = 1 ] || continue
  fi
  if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" "${parallel[@]}" "$pkg" >"$log" 2>&1; then
    result=ok
  else
    result=FAIL
    failed=1
  fi
  # The last progress line: "fuzz: elapsed: 1m0s, execs: 123456 (2024/sec), ..."
  last=$(grep 'fuzz: elapsed: .*execs:' "$log" | tail -1 || true)
  secs=0 execs=0
  if [[ $last =~ elapsed:\ (([0-9]+)h)?(([0-9]+)m)?([0-9]+)s,\ execs:\ ([0-9]+) ]]; then
    secs=$(( ${BASH_REMATCH[2]:-0} * 3600 + ${BASH_REMATCH[4]:-0} * 60 + ${BASH_REMATCH[5]} ))
    execs=${BASH_REMATCH[6]}
  fi
  printf '%-34s %12s %10s  %s\n' "$name ($pkg)" "$execs" "$(( execs / (secs > 0 ? secs : 1) ))" "$result"
  if [ "$result" = FAIL ]; then
    sed -n '/--- FAIL/,$p' "$log" | head -40
  fi
done
exit $failed
