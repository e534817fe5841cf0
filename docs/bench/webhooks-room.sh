#!/usr/bin/env bash
# The room scenario (1,000 members, 100 messages a second) against a fresh `presence serve`, with webhooks on
# (WEBHOOKS=on, the default: a local receiver, WebhookReceiver from presence-cli's test classes) or off
# (WEBHOOKS=off, the same run without them). Prints the driver's JSON, the server's CPU seconds, the load
# average before and after, the webhook metrics and the receiver's figures once everything was delivered.
#
#   flock /tmp/presence-maven.lock docs/bench/webhooks-room.sh                # needs ./mvnw package (test classes)
#   WEBHOOKS=off flock /tmp/presence-maven.lock docs/bench/webhooks-room.sh
#
# PORT (19400) is the service, PORT+1 the receiver. MEMBERS, MESSAGES, MSG_RATE change the scenario;
# RETENTION sets presence.webhook.retention-ms (0: delivered events are not kept for replay).
# Rates "while the messages flow" come from /metrics sampled every second: the samples in which the
# receiver's acknowledged events were past the members' user.online and short of the last message.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bin/jdk.sh
presence_find_jdk
PORT=${PORT:-19400}
WEBHOOKS=${WEBHOOKS:-on}
MEMBERS=${MEMBERS:-1000}; MESSAGES=${MESSAGES:-2000}; MSG_RATE=${MSG_RATE:-100}
SECRET=bench-secret-0123456789abcdef
data=$(mktemp -d /tmp/presence-webhook-bench.XXXX)
java="$JAVA_HOME/bin/java"
cli=presence-cli/target/presence-cli.jar
cleanup() {
  [ -n "${serve:-}" ] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null || true
  [ -n "${receiver:-}" ] && kill "$receiver" 2>/dev/null && wait "$receiver" 2>/dev/null || true
}
trap cleanup EXIT
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }   # utime + stime, in seconds (USER_HZ = 100)
metric() { curl -fs "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 ~ "^"m"(\\{|$)" {print $2; exit}'; }

env=()
if [ "$WEBHOOKS" = on ]; then
  "$java" -cp "presence-cli/target/test-classes:presence-cli/target/lib/*" dev.presence.cli.WebhookReceiver \
    $((PORT + 1)) "$SECRET" >"$data/receiver.out" 2>&1 &
  receiver=$!
  env=(PRESENCE_WEBHOOK_URL="http://127.0.0.1:$((PORT + 1))/hook" PRESENCE_WEBHOOK_SECRET="$SECRET")
  [ -n "${RETENTION:-}" ] && env+=(PRESENCE_WEBHOOK_RETENTION_MS="$RETENTION")
fi
env "${env[@]}" "$java" -jar "$cli" serve --port "$PORT" --data-dir "$data" >"$data/serve.out" 2>&1 &
serve=$!
until grep -q "server pid" "$data/serve.out"; do
  kill -0 "$serve" 2>/dev/null || { cat "$data/serve.out" >&2; exit 1; }
  sleep 1
done
pid=$(sed -n 's/.*server pid \([0-9]*\).*/\1/p' "$data/serve.out")
sleep 5
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu0=$(cpu "$pid")
store0=$(cpu "$serve")
while sleep 1; do   # seconds, webhook database writes, events delivered
  echo "$(date +%s.%N) $(metric presence_webhook_db_writes_total) $(metric presence_webhook_delivered_total)"
done >"$data/samples" 2>/dev/null &
sampler=$!
"$java" -jar "$cli" simulate room --url "http://127.0.0.1:$PORT" --data-dir "$data" --members "$MEMBERS" \
  --messages "$MESSAGES" --msg-rate "$MSG_RATE" --rate 200 --prefix "r$RANDOM" --json
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 600); do   # the members' offline graces, then their user.offline delivered
  [ "$(metric presence_users_online)" = "0" ] && { [ "$WEBHOOKS" = off ] || [ "$(metric presence_webhook_pending)" = "0" ]; } && break
  sleep 0.5
done
kill "$sampler"
echo "server CPU during the run and the delivery that followed: $(echo "$(cpu "$pid") - $cpu0" | bc) s;" \
  "serve's (the embedded store's) CPU: $(echo "$(cpu "$serve") - $store0" | bc) s"
if [ "$WEBHOOKS" = on ]; then
  awk -v first=$((MEMBERS + 50)) -v last=$((MEMBERS + MESSAGES - 50)) '$3 > first && $3 < last {
      if (!t0) { t0 = $1; w0 = $2; d0 = $3 } t1 = $1; w1 = $2; d1 = $3 }
    END { if (t1 > t0) printf "while the messages flow (%.0f s): %.1f webhook database writes/s, %.1f events delivered/s\n",
      t1 - t0, (w1 - w0) / (t1 - t0), (d1 - d0) / (t1 - t0) }' "$data/samples"
fi
curl -fs "http://127.0.0.1:$PORT/metrics" | grep -E '^presence_(webhook_[a-z_]+|db_write_seconds_(count|sum)|messages_delivered_total)' || true
if [ "$WEBHOOKS" = on ]; then
  kill -TERM "$receiver"; wait "$receiver" 2>/dev/null || true; receiver=
  echo "receiver: $(tail -n 1 "$data/receiver.out")"
fi
kill "$serve"; wait "$serve" 2>/dev/null || true; serve=
rm -rf "$data"
