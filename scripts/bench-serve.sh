#!/usr/bin/env bash
# Issue 13's served figures on a copy of a simulated log of N entries:
# start-up to the first full /, /t/{lot} and /t/{pledge} against a static
# 3.9 KB file with hey at 64 connections (req/s, p99, server CPU per
# request), the server's RSS while it serves them, an open-data table
# (/data/needs.csv, streamed from the read models) and a full
# aidtrail-verify of the log. Usage (README, "Scale figures"):
#
#   scripts/bench-serve.sh 100000        # or: make bench-serve N=100000
#
# The log is taken from $AIDTRAIL_BENCH_DIR/entries-N (the Go benchmarks'
# layout; default $TMPDIR/aidtrail-bench), built there with
# `aidtrail admin simulate` if it has no `done` file, and only ever served
# from a copy. Needs go, curl and awk; hey runs with `go run` and vegeta is
# installed into the work directory, both at a pinned version.
# BENCH_REQUESTS (3000), BENCH_CONNS (64), BENCH_SECONDS (15, each wave),
# BENCH_PORT (18313), BENCH_VERIFY=0 to skip the verification, BENCH_KEEP=1
# to keep the copy.
set -euo pipefail

N=${1:?usage: $0 ENTRIES}
BASE=${AIDTRAIL_BENCH_DIR:-${TMPDIR:-/tmp}/aidtrail-bench}
FIX=$BASE/entries-$N
REQS=${BENCH_REQUESTS:-3000}
CONNS=${BENCH_CONNS:-64}
PORT=${BENCH_PORT:-18313}
URL=http://127.0.0.1:$PORT
HEY=(go run github.com/rakyll/hey@v0.1.4)
SECS=${BENCH_SECONDS:-15}
TCK=$(getconf CLK_TCK)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aidtrail-bench-serve.XXXXXX")
PID=
cleanup() {
	if [ -n "$PID" ]; then kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; fi
	if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
load() { say "load: $(uptime | sed 's/.*load average: //')  ($(date -u +%FT%TZ))"; }
cpu_ms() { awk -v t="$TCK" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %d MB  ", $1, $2 / 1024}' "/proc/$1/status"; }

say "== build (${ROOT})"
(cd "$ROOT" && go build -o "$WORK/bin/" ./cmd/aidtrail ./cmd/aidtrail-verify ./cmd/tracemix)
GOBIN="$WORK/bin" go install github.com/tsenart/vegeta/v12@v12.13.0
"${HEY[@]}" -n 1 -c 1 http://127.0.0.1:1/ >/dev/null 2>&1 || true # fetch and build hey outside the timings

if [ ! -e "$FIX/done" ]; then
	say "== building a simulated log of $N entries in $FIX (minutes)"
	mkdir -p "$FIX"
	"$WORK/bin/aidtrail" admin simulate -data "$FIX" -entries "$N"
	touch "$FIX/done"
fi
mkdir "$WORK/data"
for f in aidtrail.db aidtrail.db-wal aidtrail.db-closed log.key checkpoint; do
	if [ -e "$FIX/$f" ]; then cp "$FIX/$f" "$WORK/data/"; fi # a new file: the first start checks it whole
done
ORIGIN=$(cut -d+ -f3 "$WORK/data/log.key")

# start launches the server on the copy and waits for the first full /;
# it prints the wall time and the server's CPU up to then.
start() {
	local t0 t1
	t0=$(date +%s%N)
	"$WORK/bin/aidtrail" serve -data "$WORK/data" -addr "127.0.0.1:$PORT" -origin "$ORIGIN" -log-level info >"$WORK/serve.log" 2>&1 &
	PID=$!
	until curl -sf -o /dev/null "$URL/"; do
		kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
		sleep 0.01
	done
	t1=$(date +%s%N)
	local qc="quick_check ran"
	if grep -q 'quick_check skipped' "$WORK/serve.log"; then qc="quick_check skipped"; fi
	say "$1 ($qc): first full / after $(((t1 - t0) / 1000000)) ms wall, $(cpu_ms "$PID") CPU-ms in the server; $(rss "$PID")"
}
stop() { kill -TERM "$PID" && wait "$PID" || true; PID=; }

say "== start-up to the first full / ($N entries)"
load
start "first start of the copy"
stop
start "start after a clean stop"
stop
start "start after a clean stop"

# hey prints its summary; keep req/s, p99 and the server's CPU per request.
run_hey() {
	local name=$1 path=$2 c0 out
	"${HEY[@]}" -c "$CONNS" -n 200 "$URL$path" >/dev/null # warm up
	c0=$(cpu_ms "$PID")
	out=$("${HEY[@]}" -c "$CONNS" -n "$REQS" "$URL$path")
	local rps p99 codes
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '/ 99% in/ {print $3 * 1000}' <<<"$out")
	codes=$(awk '/^\s+\[[0-9]+\]/ {printf "%s%s ", $1, $2}' <<<"$out")
	say "$(printf '%-12s %-28s %8s req/s  p99 %6s ms  server %6.2f CPU-ms/req  %s %s' "$name" "$path" "$rps" "$p99" \
		"$(awk -v a="$c0" -v b="$(cpu_ms "$PID")" -v n="$REQS" 'BEGIN {print (b - a) / n}')" "$codes" "$(rss "$PID")")"
}
# pick is the first code an entry of type $1 from the middle of the log names.
pick() {
	local e
	e=$(curl -sf "$URL/ledger?type=$1&before=$((N / 2))" | grep -o 'href="/ledger/[0-9]*"' | awk -F'[/"]' 'NR == 1 {print $4}')
	curl -sf "$URL/ledger/$e" | grep -o '/t/[0-9A-Z]\{9\}' | awk 'NR == 1'
}
LOT=$(pick lot.split)
PLEDGE=$(pick pledge.made)
[ -n "$LOT" ] && [ -n "$PLEDGE" ] || { say "no lot or pledge found in the ledger browser"; exit 1; }

say "== hey, $CONNS connections, $REQS requests each (static file first, then the traces, twice)"
load
for round in 1 2; do
	run_hey static /static/scan.js
	run_hey trace-lot "$LOT"
	run_hey trace-pledge "$PLEDGE"
done
load

# A wave of scans over many codes (vegeta, as hey asks for one URL): the
# static file, the mix of hot and once-scanned codes, the cold wave, twice.
run_wave() {
	local name=$1 targets=$2 c0 out
	c0=$(cpu_ms "$PID")
	out=$("$WORK/bin/vegeta" attack -targets "$targets" -rate 0 -workers "$CONNS" -max-workers "$CONNS" -duration "${SECS}s" |
		"$WORK/bin/vegeta" report -type json)
	local n rps p99 codes
	n=$(grep -o '"requests":[0-9]*' <<<"$out" | cut -d: -f2)
	rps=$(grep -o '"throughput":[0-9.]*' <<<"$out" | cut -d: -f2)
	p99=$(grep -o '"99th":[0-9]*' <<<"$out" | awk -F: '{printf "%.0f", $2 / 1e6}')
	codes=$(grep -o '"status_codes":{[^}]*}' <<<"$out" | cut -d: -f2-)
	say "$(printf '%-12s %-28s %8.1f req/s  p99 %6s ms  server %6.2f CPU-ms/req  %s requests %s %s' "$name" "$(basename "$targets")" "$rps" "$p99" \
		"$(awk -v a="$c0" -v b="$(cpu_ms "$PID")" -v n="$n" 'BEGIN {print (b - a) / n}')" "$n" "$codes" "$(rss "$PID")")"
}
# Each round's waves draw their own codes (another seed), so the second
# round is as new to the server's caches as the first.
echo "GET $URL/static/scan.js" >"$WORK/static.targets"
for round in 1 2; do
	"$WORK/bin/tracemix" -db "$WORK/data/aidtrail.db" -url "$URL" -seed $((13 + (round - 1) * 100)) >"$WORK/mix$round.targets"
	"$WORK/bin/tracemix" -db "$WORK/data/aidtrail.db" -url "$URL" -hot 0 -hot-share 0 -wave 20000 -seed $((14 + (round - 1) * 100)) >"$WORK/cold$round.targets"
done
say "== vegeta, $CONNS workers, ${SECS} s each: the static file, then /t/{code} over a mix of 100 hot codes (half the scans) and 15,000 others, then a cold wave of 20,000 codes (twice, other codes each round)"
load
for round in 1 2; do
	run_wave static "$WORK/static.targets"
	run_wave trace-mix "$WORK/mix$round.targets"
	run_wave trace-cold "$WORK/cold$round.targets"
done
load
say "server RSS after serving $CONNS connections: $(rss "$PID")"

# The open-data tables are public pages too, streamed from the read
# models a chunk at a time: their cost and the RSS they leave.
say "== open data: /data/needs.csv, the first request after the start, then again"
load
for i in 1 2; do
	c0=$(cpu_ms "$PID")
	t0=$(date +%s%N)
	bytes=$(curl -sf -o /dev/null -w '%{size_download}' "$URL/data/needs.csv")
	t1=$(date +%s%N)
	say "open data    /data/needs.csv ($i)          $((bytes / 1024)) KB  $(((t1 - t0) / 1000000)) ms wall  server $(($(cpu_ms "$PID") - c0)) CPU-ms  $(rss "$PID")"
done
load

if [ "${BENCH_VERIFY:-1}" != 0 ]; then
	say "== aidtrail-verify, full (every entry, the tree, tiles, rules, /data/ exports), against this server"
	load
	curl -sf "$URL/verify/key" >"$WORK/vkey"
	c0=$(cpu_ms "$PID")
	t0=$(date +%s%N)
	timed=()
	if [ -x /usr/bin/time ]; then timed=(/usr/bin/time -f "verifier: %U user-s %S sys-s, max RSS %M KB"); fi
	"${timed[@]}" "$WORK/bin/aidtrail-verify" -url "$URL" -key "@$WORK/vkey" -no-state -progress 0 >"$WORK/verify.out" 2>"$WORK/verify.err" ||
		{ cat "$WORK/verify.out" "$WORK/verify.err" | tail -20; exit 1; }
	t1=$(date +%s%N)
	tail -3 "$WORK/verify.out"
	tail -1 "$WORK/verify.err"
	say "aidtrail-verify: $(((t1 - t0) / 1000000)) ms wall; server $(($(cpu_ms "$PID") - c0)) CPU-ms meanwhile; server $(rss "$PID")"
	load
fi
