#!/usr/bin/env bash
# Times `presence serve` starts: N times start, wait for "ready in", SIGTERM, and print serve's and Payara's
# ready figures, what the start-up cache did, how long the stop took and the load average.
#   flock /tmp/presence-maven.lock docs/bench/startup.sh 4                      # the first may record the cache
#   flock /tmp/presence-maven.lock docs/bench/startup.sh 3 --no-startup-cache
# PORT (19601), DATA (a directory kept across the starts) and PRESENCE_CACHE_DIR change where.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n=$1; shift
port=${PORT:-19601}
data=${DATA:-$(mktemp -d /tmp/presence-startup.XXXX)}
out="$data.serve.out"
for _ in $(seq 1 "$n"); do
  ./presence serve --port "$port" --data-dir "$data" "$@" >"$out" 2>&1 &
  serve=$!
  for _ in $(seq 1 480); do grep -q "ready in\|did not\|exited" "$out" && break; sleep 0.25; done
  ready=$(grep -o 'ready in [0-9.]* s' "$out" || echo "not ready")
  payara=$(sed 's/\x1b\[[0-9;]*m//g' "$data/server.log" | grep -o 'ready in [0-9,]* (ms)' || true)
  cache=$(sed -n 's/.*start-up cache: //p' "$out" | head -n1 | cut -c1-40)
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  kill -TERM "$serve"; wait "$serve" || true
  echo "$ready | payara $payara | cache: $cache | stop $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s | load $load"
done
