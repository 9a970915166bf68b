#!/usr/bin/env bash
# client_credentials throughput of one and of two nodes on PostgreSQL, as docs/operations.md ("Measured
# throughput") reports. Creates a scratch database on the server of TURNSTILE_PG_URL, starts the nodes from
# the built jar (one issuer), drives them with wrk on loopback, drops the database. Build the jar first:
#
#   ./mvnw -q -pl auth-server -am package -DskipTests && bench/client-credentials.sh
#
# Knobs (defaults in brackets): NODES ["1 2"] DURATION [30s] WARMUP [10s] CONNS [16] (split across nodes)
# THREADS [2] TIMEOUT [10s] PORT [19101] (node n listens on PORT+n-1) POOL [10] (Hikari pool per node)
# TURNSTILE_PG_URL [jdbc:postgresql://127.0.0.1:5432/test] TURNSTILE_PG_USER [root] TURNSTILE_PG_PASSWORD []
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/auth-server/target/turnstile-auth-server.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl auth-server -am package -DskipTests" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is needed to create the scratch database" >&2; exit 2; }
pg_url="${TURNSTILE_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
pg_user="${TURNSTILE_PG_USER:-root}"
authority="${pg_url#jdbc:postgresql://}"; authority="${authority%%/*}"; authority="${authority%%\?*}"
pg_host="${authority%%:*}"; pg_port="${authority##*:}"; [ "$pg_port" = "$authority" ] && pg_port=5432
admin_db="${pg_url##*/}"; admin_db="${admin_db%%\?*}"
database="turnstile_bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export PGPASSWORD="${TURNSTILE_PG_PASSWORD:-}"
psql_admin=(psql -qAt -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$admin_db")
ADMIN_SECRET="bench-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CLIENT_BASIC="$(printf 'demo-admin:%s' "$ADMIN_SECRET" | base64 | tr -d '\n')"
base_port="${PORT:-19101}"
scratch="$(mktemp -d)"
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${psql_admin[@]}" -c "drop database if exists $database with (force)" || true
  rm -rf "$scratch"
}
trap cleanup EXIT
"${psql_admin[@]}" -c "create database $database"

start_node() { # $1 = node number
  local port=$((base_port + $1 - 1))
  TURNSTILE_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$database" TURNSTILE_DB_USER="$pg_user" \
  TURNSTILE_DB_PASSWORD="${TURNSTILE_PG_PASSWORD:-}" TURNSTILE_DB_POOL_SIZE="${POOL:-10}" \
  TURNSTILE_ISSUER="http://127.0.0.1:$base_port" TURNSTILE_ADMIN_SECRET="$ADMIN_SECRET" \
  TURNSTILE_DEMO_PASSWORD="bench-demo-password" TURNSTILE_DEMO_SECRET="bench-backend-secret" \
  PORT="$port" java ${JAVA_OPTS:-} -jar "$jar" --turnstile.rate-limits.enabled=false >"$scratch/node$1.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "node $1 did not become ready:" >&2; tail -40 "$scratch/node$1.log" >&2; exit 1
}

run() { # $1 = nodes, $2 = duration; wrk per node, connections split, in parallel
  local pids=() conns=$(( ${CONNS:-16} / $1 )) threads=$(( ${THREADS:-2} / $1 )); [ "$threads" -ge 1 ] || threads=1
  for n in $(seq 1 "$1"); do
    wrk -t"$threads" -c"$conns" -d"$2" --timeout "${TIMEOUT:-10s}" -s "$root/bench/client-credentials.lua" \
      "http://127.0.0.1:$((base_port + n - 1))/oauth2/token" >"$scratch/wrk$n.txt" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
}

cpu_ticks() { # CPU time (user + system, clock ticks) the running nodes have used
  local sum=0
  for pid in "${servers[@]}"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$sum"
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the first run"
started=0
for nodes in ${NODES:-1 2}; do
  while [ "$started" -lt "$nodes" ]; do started=$((started + 1)); start_node "$started"; done
  run "$nodes" "${WARMUP:-10s}"
  ticks_before=$(cpu_ticks)
  run "$nodes" "${DURATION:-30s}"
  ticks=$(( $(cpu_ticks) - ticks_before ))
  total=0; requests=0
  echo "== $nodes node(s), ${CONNS:-16} connections, ${DURATION:-30s}:"
  for n in $(seq 1 "$nodes"); do
    rps=$(awk '/Requests\/sec/ {print $2}' "$scratch/wrk$n.txt")
    echo "   node $n: $rps requests/s; $(grep '^requests' "$scratch/wrk$n.txt")"
    total=$(awk -v a="$total" -v b="$rps" 'BEGIN {printf "%.1f", a + b}')
    requests=$((requests + $(awk '/^requests/ {gsub(",", "", $2); print $2}' "$scratch/wrk$n.txt")))
  done
  for n in $(seq 1 "$nodes"); do
    curl -fs "http://127.0.0.1:$((base_port + n - 1))/actuator/prometheus" | awk -v n="$n" '
      /^hikaricp_connections_acquire_seconds_max/ {wait = $2 * 1000}
      /^hikaricp_connections_usage_seconds_sum/ {use += $2} /^hikaricp_connections_usage_seconds_count/ {borrows += $2}
      END {printf "   node %s pool: longest wait for a connection %.1f ms (last minutes); a connection is held %.1f ms on average over %d borrows\n",
        n, wait, (borrows > 0) ? 1000 * use / borrows : 0, borrows}'
  done
  echo "   total: $total requests/s; node CPU per request: $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" \
    -v r="$requests" 'BEGIN {printf "%.0f", (r > 0) ? 1000 * t / hz / r : 0}') ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
