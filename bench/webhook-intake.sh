#!/usr/bin/env bash
# Webhook intake benchmark on the embedded default (H2 file database in a scratch directory), as
# docs/benchmarks.md ("Webhook intake") describes. Run from anywhere; build the jar first:
#
#   ./mvnw -q -pl auth-server -am package -DskipTests && bench/webhook-intake.sh
#
# Knobs (defaults in brackets): DURATION [30] WARMUP [10] CONNS [16] PEOPLE [200] PORT [19090]
# SERVER_CPUSET / LOAD_CPUSET (e.g. 1 and 0 on a 2-core machine: pin the server and the load apart)
# JAVA_OPTS [] (JVM flags of the server; written next to the figure).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/auth-server/target/turnstile-auth-server.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl auth-server -am package -DskipTests" >&2; exit 2; }
port="${PORT:-19090}"
secret="whsec_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin="bench-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
scratch="$(mktemp -d)"
server_pin=(); [ -n "${SERVER_CPUSET:-}" ] && server_pin=(taskset -c "$SERVER_CPUSET")
load_pin=(); [ -n "${LOAD_CPUSET:-}" ] && load_pin=(taskset -c "$LOAD_CPUSET")

cd "$scratch"
STRIPE_WEBHOOK_SECRET="$secret" TURNSTILE_ADMIN_SECRET="$admin" PORT="$port" \
  "${server_pin[@]}" java ${JAVA_OPTS:-} -jar "$jar" >"$scratch/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { tail -40 "$scratch/server.log"; exit 1; }
  sleep 1
done
cd "$root"
"${load_pin[@]}" java bench/WebhookBench.java "http://127.0.0.1:$port" "$secret" "$admin" \
  "${DURATION:-30}" "${WARMUP:-10}" "${CONNS:-16}" "${PEOPLE:-200}"
