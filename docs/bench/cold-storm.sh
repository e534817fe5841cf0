#!/usr/bin/env bash
# A cold node under a connect storm: a fresh `presence serve` (new data dir), then, as soon as it is ready,
# `presence simulate hold --sessions 2000 --rate 400`; prints the driver's JSON, the CPU seconds of the server
# and of serve (the embedded store) during the run, and the load average before and after.
#   flock /tmp/presence-maven.lock docs/bench/cold-storm.sh                      # from the start-up cache
#   flock /tmp/presence-maven.lock docs/bench/cold-storm.sh --no-startup-cache
#   WARMUP=500 flock ... docs/bench/cold-storm.sh   # first a warm-up of 500 other sessions at WARMUP_RATE (100/s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bin/jdk.sh
presence_find_jdk
port=${PORT:-19610}
data=$(mktemp -d /tmp/presence-cold.XXXX)
./presence serve --port "$port" --data-dir "$data" "$@" >"$data.serve.out" 2>&1 &
serve=$!
trap 'kill -TERM $serve 2>/dev/null; wait $serve 2>/dev/null || true' EXIT
for _ in $(seq 1 480); do grep -q "ready in\|did not" "$data.serve.out" && break; sleep 0.25; done
pid=$(sed -n 's/.*server pid \([0-9]*\).*/\1/p' "$data.serve.out")
cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }
echo "$(grep -o 'ready in [0-9.]* s' "$data.serve.out"); $(grep 'start-up cache' "$data.serve.out" | cut -c3-70); load before $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${WARMUP:-0}" -gt 0 ]; then
  w0=$(date +%s.%N)
  "$JAVA_HOME/bin/java" -jar presence-cli/target/presence-cli.jar simulate hold --url "http://127.0.0.1:$port" --data-dir "$data" \
    --sessions "$WARMUP" --rate "${WARMUP_RATE:-100}" --hold 1s --prefix "w$RANDOM" --json 2>/dev/null | tail -n1
  echo "warm-up of $WARMUP sessions took $(echo "$(date +%s.%N) - $w0" | bc) s, server CPU $(cpu "$pid") s so far"
fi
s0=$(cpu "$pid"); c0=$(cpu "$serve")
"$JAVA_HOME/bin/java" -jar presence-cli/target/presence-cli.jar simulate hold --url "http://127.0.0.1:$port" --data-dir "$data" \
  --sessions 2000 --rate 400 --hold 5s --prefix "c$RANDOM" --server-pid "$pid" --json 2>/dev/null | tail -n1
echo "CPU during the run: server $(echo "$(cpu "$pid") - $s0" | bc) s, serve with the embedded store $(echo "$(cpu "$serve") - $c0" | bc) s"
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
