#!/usr/bin/env bash
# Scale benchmark: the same synthetic knowledge base (package
# knowledge/search/internal/synth) as a Markdown folder of 1k and 10k
# articles (and 100k with BENCH_LARGE=1), imported with `indexer import`
# into a fresh data folder, and indexed by Bleve alone (one document per
# article, default mapping) for the baseline. Prints one table with both
# and their ratio: build rate (wall and CPU), data folder size, peak RSS,
# time to first answer / vectors loaded after opening, query latency
# p50/p99 (hybrid, BM25, as-you-type prefix), CPU time per query, resident
# memory with the indexes loaded.
#
# The machine may be shared: CPU seconds are steadier than wall times.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=(1000 10000)
if [[ "${BENCH_LARGE:-0}" == 1 ]]; then sizes+=(100000); fi
if [[ -n "${BENCH_SIZES:-}" ]]; then read -ra sizes <<<"$BENCH_SIZES"; fi # e.g. BENCH_SIZES=1000
work=$(mktemp -d "${TMPDIR:-/tmp}/concierge-scale-XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/indexer" ./indexer
go build -o "$work/scalebench" ./knowledge/search/internal/scalebench

timed() { # timed OUT CMD... : runs CMD, writes "wall cpu maxrss_kb" to OUT
	local out=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$out.time" "$@" >"$out.log" 2>&1
	awk '{printf "%s %.2f %s\n", $1, $2+$3, $4}' "$out.time" >"$out"
}
kv() { awk -v k="$2" '$1==k {print $2}' "$1"; }

rows=()
for n in "${sizes[@]}"; do
	md="$work/md-$n"
	"$work/scalebench" gen "$n" "$md"
	mdbytes=$(du -sb "$md" | cut -f1)
	timed "$work/c-$n" "$work/indexer" import --data-dir "$work/data-$n" "$md"
	timed "$work/b-$n" "$work/scalebench" bleve "$md" "$work/bleve-$n"
	read -r cw cc cr <"$work/c-$n"
	read -r bw bc br <"$work/b-$n"
	cdata=$(du -sb "$work/data-$n" | cut -f1)
	bdata=$(du -sb "$work/bleve-$n" | cut -f1)
	"$work/scalebench" query "$work/data-$n" >"$work/cq-$n"
	"$work/scalebench" bleve-query "$work/bleve-$n" >"$work/bq-$n"
	rate() { awk -v n="$n" -v s="$1" 'BEGIN {printf "%.0f", n/s}'; }
	mb() { awk -v b="$1" 'BEGIN {printf "%.0f", b/1048576}'; }
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}'; }
	row() { rows+=("$(printf '| %s | %s | %s | %s | %s |' "$n" "$1" "$2" "$3" "$4")"); }
	row "build articles/s (wall)" "$(rate "$cw")" "$(rate "$bw")" "$(ratio "$cw" "$bw")× time"
	row "build articles/CPU-s" "$(rate "$cc")" "$(rate "$bc")" "$(ratio "$cc" "$bc")× CPU"
	row "Markdown MB / data folder MB" "$(mb "$mdbytes") / $(mb "$cdata")" "$(mb "$bdata")" "$(ratio "$cdata" "$mdbytes")× Markdown"
	row "import peak RSS MB" "$((cr / 1024))" "$((br / 1024))" "$(ratio "$cr" "$br")"
	row "open: first answer / vectors ready ms" "$(kv "$work/cq-$n" first-answer-ms) / $(kv "$work/cq-$n" ready-ms)" "-" "-"
	for m in hybrid bm25 prefix; do
		b50=$(kv "$work/bq-$n" "$m-p50-ms"); b99=$(kv "$work/bq-$n" "$m-p99-ms"); bcpu=$(kv "$work/bq-$n" "$m-cpu-ms")
		[[ $m == hybrid ]] && b50=$(kv "$work/bq-$n" bm25-p50-ms) && b99=$(kv "$work/bq-$n" bm25-p99-ms) && bcpu=$(kv "$work/bq-$n" bm25-cpu-ms)
		row "$m p50 / p99 ms (CPU ms/query)" "$(kv "$work/cq-$n" "$m-p50-ms") / $(kv "$work/cq-$n" "$m-p99-ms") ($(kv "$work/cq-$n" "$m-cpu-ms"))" "$b50 / $b99 ($bcpu)" "$(ratio "$(kv "$work/cq-$n" "$m-p99-ms")" "$b99")"
	done
	row "loaded: heap / RSS MB" "$(kv "$work/cq-$n" heap-mb) / $(kv "$work/cq-$n" rss-mb)" "-" "-"
	rm -rf "$md" "$work/data-$n" "$work/bleve-$n"
done
echo "== scale: Concierge (indexer import: SQLite + Bleve + vectors) beside Bleve alone on the same folder"
echo "(Bleve alone answers hybrid rows with its BM25; ratio = Concierge / Bleve: build time, size, memory, p99 latency)"
echo "| articles | measure | Concierge | Bleve alone | ratio |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
