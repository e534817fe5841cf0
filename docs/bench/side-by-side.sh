#!/usr/bin/env bash
# Runs one scenario of the shared load driver (../shared/bench/presence-load.mjs) against the Socket.IO
# baseline and then against `presence serve`, one after the other, with the same parameters. Each run
# starts a fresh server and appends the driver's JSON line to $OUT.
#
#   docs/bench/side-by-side.sh hold --sessions 2000 --rate 100 --hold 10
#   ONLY=presence docs/bench/side-by-side.sh fanout --watchers 1000 --sessions 18000 --rounds 10
#
# BENCH: a writable copy of ../shared/bench with `npm ci` done in it and in socketio-seed/ (default /tmp/bench).
# ONLY: baseline or presence to run one side. SERVER_JVM: the server's JVM flags (`serve --server-jvm-options`).
# SERVE_ARGS: more options for `presence serve` (e.g. --no-startup-cache, so a new build's first run does not
# record the start-up cache while it is measured; or --train-startup-cache, which trains it before that run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BENCH=${BENCH:-/tmp/bench}
OUT=${OUT:-/tmp/side-by-side.jsonl}
ONLY=${ONLY:-both}
scenario=$1; shift

wait_http() { for _ in $(seq 1 240); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
settle() { sleep 5; echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

if [ "$ONLY" != presence ]; then
  (cd "$BENCH/socketio-seed" && PORT=4000 exec node src/app.js >/tmp/socketio-seed.log 2>&1) &
  seed=$!
  wait_http http://127.0.0.1:4000/health
  settle
  node "$BENCH/presence-load.mjs" "$scenario" --proto socketio --url http://127.0.0.1:4000 \
    --server-pid "$seed" --out "$OUT" --user-prefix "b$RANDOM" "$@" || true
  kill "$seed"; wait "$seed" 2>/dev/null || true
fi

if [ "$ONLY" != baseline ]; then
  data=$(mktemp -d /tmp/presence-bench.XXXX)
  jvm=()
  [ -n "${SERVER_JVM:-}" ] && jvm=(--server-jvm-options "$SERVER_JVM")
  # shellcheck disable=SC2086 # SERVE_ARGS is a list of options
  ./presence serve --port 18200 --data-dir "$data" "${jvm[@]}" ${SERVE_ARGS:-} >"$data/serve.out" 2>&1 &
  serve=$!
  until grep -q "server pid" "$data/serve.out"; do
    kill -0 "$serve" 2>/dev/null || { cat "$data/serve.out" >&2; exit 1; }
    sleep 1
  done
  pid=$(sed -n 's/.*server pid \([0-9]*\).*/\1/p' "$data/serve.out")
  settle
  node "$BENCH/presence-load.mjs" "$scenario" --proto ws --url http://127.0.0.1:18200 \
    --key "$data/dev-keys/private.pem" --issuer presence-dev --server-pid "$pid" --out "$OUT" \
    --user-prefix "p$RANDOM" "$@" || true
  # the database side of the run: bulk writes (each one flush of the coalesced queue) and their time
  curl -fs http://127.0.0.1:18200/metrics | grep -E '^presence_db_(write_seconds_(count|sum)|queue_depth)' >&2 || true
  kill "$serve"; wait "$serve" 2>/dev/null || true
  rm -rf "$data"
fi
