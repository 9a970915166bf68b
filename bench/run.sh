#!/usr/bin/env bash
# Turnstile's benchmark, the one command of docs/benchmarks.md ("The harness"). Build the jar first, then:
#
#   bench/run.sh                            # every benchmark against the embedded default (H2 file database)
#   bench/run.sh ../shared/bench-anchors    # the same, then the peers (Keycloak, node-oidc-provider) in the same run
#   SOAK=1 bench/run.sh                     # memory over a 10-minute client_credentials load at RATE req/s
#
# It starts the built jar in a scratch directory (the README's run configuration, JVM flags from JAVA_OPTS,
# rate limits raised by configuration and printed), pinned to one core with taskset, measures start-up to the
# first served token and RSS, drives it with wrk (HTTP/1.1 keep-alive on loopback, pinned to the other core)
# and with the Java load generators in bench/, prints one line per run:
#   RESULT label=… rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… requests=… non2xx=… …
# and a markdown summary at the end. A run counts only with non2xx=0 (and no socket errors, no unexpected
# answers). Exit status: 0 when every run counts, 1 when one does not, 2 when the server did not start.
#
# Knobs (defaults in brackets):
#   DURATION [30] measured seconds (also 30s, 2m)      WARMUP [10] warm-up seconds per run, discarded
#   THREADS [2] wrk threads   CONNS [16] connections  TIMEOUT [10s] wrk's request timeout
#   SERVER_CPUSET [1]  WRK_CPUSET [0]  CPUs for the server and for the load (empty: no pinning)
#   JAVA_OPTS [the README's: -XX:+UseSerialGC -Xmx192m, with MALLOC_ARENA_MAX=2] server JVM flags   JIT_WARMUP [30] discarded client_credentials seconds after start
#   ONLY [] benchmarks to run, of: cc refresh introspect jwks decisions webhook signin (e.g. ONLY="cc jwks")
#   DB [h2] or postgres: a scratch database on TURNSTILE_PG_URL [jdbc:postgresql://127.0.0.1:5432/test]
#       (TURNSTILE_PG_USER [root], TURNSTILE_PG_PASSWORD []), dropped afterwards
#   RAISE_LIMITS [1000000] per-second and burst value of every turnstile.rate-limits.* (0: the defaults)
#   PEOPLE [16] FAMILIES [4] people signed up, refresh-token families per person (refresh, introspect, decisions)
#   SIGNIN_WORKERS [16] concurrent sign-ins   WEBHOOK_PEOPLE [200] people the webhook events are about
#   INTROSPECT [person] whose access token is introspected: person (demo-web sign-in) or service (demo-admin)
#   JMH [0] 1: first run SigningBenchmark (RS256 sign/verify, JDK and ACCP) on the server's core; JMH_ARGS
#   ANCHORS [] (or the first argument) the peers' scripts, e.g. ../shared/bench-anchors
#   SOAK [0] 1: only the soak: client_credentials at RATE [1000] req/s for DURATION [10m], RSS every SAMPLE [30s]
#   PROFILE [0] 1: a JFR recording (settings=profile) of each measured wrk run, beside the results file; with
#       ASYNC_PROFILER [] (path of async-profiler's libasyncProfiler.so) its CPU samples as collapsed stacks instead
#   PORT [19300]  RESULTS_DIR [bench/results]  KEEP_SCRATCH [0] 1: keep the scratch directory (database, logs)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/auth-server/target/turnstile-auth-server.jar"
[ -f "$jar" ] || { echo "build the jar first: ./mvnw -q -pl auth-server -am package -DskipTests" >&2; exit 2; }
for tool in wrk curl taskset java; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (wrk: apt-get install -y wrk)" >&2; exit 2; }
done

seconds() { # 30, 30s, 2m -> seconds
  case "$1" in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac
}
SOAK="${SOAK:-0}"
if [ "$SOAK" = 1 ]; then DURATION_S=$(seconds "${DURATION:-10m}"); else DURATION_S=$(seconds "${DURATION:-30}"); fi
WARMUP_S=$(seconds "${WARMUP:-10}")
JIT_WARMUP_S=$(seconds "${JIT_WARMUP:-30}")
SAMPLE_S=$(seconds "${SAMPLE:-30s}")
JAVA_OPTS="${JAVA_OPTS-"-XX:+UseSerialGC -Xmx192m"}"; export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
THREADS="${THREADS:-2}"; CONNS="${CONNS:-16}"; TIMEOUT="${TIMEOUT:-10s}"
SERVER_CPUSET="${SERVER_CPUSET-1}"; WRK_CPUSET="${WRK_CPUSET-0}"
PORT="${PORT:-19300}"; DB="${DB:-h2}"; RAISE_LIMITS="${RAISE_LIMITS:-1000000}"
PEOPLE="${PEOPLE:-16}"; FAMILIES="${FAMILIES:-4}"; SIGNIN_WORKERS="${SIGNIN_WORKERS:-16}"
WEBHOOK_PEOPLE="${WEBHOOK_PEOPLE:-200}"; INTROSPECT="${INTROSPECT:-person}"; RATE="${RATE:-1000}"
JMH_ARGS="${JMH_ARGS:-SigningBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}"
ANCHORS="${1:-${ANCHORS:-}}"
if [ -n "$ANCHORS" ]; then
  ANCHORS="$(cd "$ANCHORS" 2>/dev/null && pwd)" && [ -x "$ANCHORS/bench-post.sh" ] \
    || { echo "no peers' scripts (bench-post.sh, keycloak-up.sh, …) in the ANCHORS directory" >&2; exit 2; }
fi
server_pin=(); [ -n "$SERVER_CPUSET" ] && server_pin=(taskset -c "$SERVER_CPUSET")
load_pin=(); [ -n "$WRK_CPUSET" ] && load_pin=(taskset -c "$WRK_CPUSET")
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

want() { [ -z "${ONLY:-}" ] || [[ " ${ONLY//,/ } " == *" $1 "* ]]; }

results_dir="${RESULTS_DIR:-$root/bench/results}"; mkdir -p "$results_dir"
out="$results_dir/run-$(date +%Y%m%d-%H%M%S).txt"
scratch="$(mktemp -d)"
wrk_log="$scratch/wrk.log"
log() { echo "$*" | tee -a "$out"; }

# Secrets of this run only, handed to the server through its environment and never printed.
secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
demo_password="$(secret)"; backend_secret="$(secret)"; admin_secret="$(secret)"; webhook_secret="whsec_$(secret)"
base="http://127.0.0.1:$PORT"
# curl reads credentials and bearer tokens from its standard input (-K -), not from the command line.
curl_as() { local user="$1"; shift; printf 'user = "%s"\n' "$user" | curl -s -K - "$@"; }
curl_bearer() { local token="$1"; shift; printf 'header = "Authorization: Bearer %s"\n' "$token" | curl -s -K - "$@"; }
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

server=""; sampler=""; peer_down=""; database=""; failed=0
stop_server() {
  [ -n "$server" ] || return 0
  kill -TERM "$server" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$server" 2>/dev/null && kill -KILL "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  server=""
}
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  stop_server
  [ -n "$peer_down" ] && "$peer_down" >/dev/null 2>&1
  [ -n "$database" ] && "${psql_admin[@]}" -c "drop database if exists $database with (force)" >/dev/null 2>&1
  if [ "${KEEP_SCRATCH:-0}" = 1 ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- what is measured, on what

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo +changes)"
log "# turnstile bench $(date -u +%FT%TZ) commit=$commit host_cpus=$(nproc) cpu=\"$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)\" mem_gb=$(awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) load_avg=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
log "# server: $("$JAVA" -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS:-}'; db=$DB; cpuset=${SERVER_CPUSET:-none}"
log "# load: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}') cpuset=${WRK_CPUSET:-none} threads=$THREADS conns=$CONNS duration=${DURATION_S}s warmup=${WARMUP_S}s timeout=$TIMEOUT; RS256 2048-bit keys"

# ---------------------------------------------------------------- JMH: the crypto ceiling, on the server's core

if [ "${JMH:-0}" = 1 ] && [ "$SOAK" != 1 ]; then
  log "# JMH $JMH_ARGS (pinned to cpuset ${SERVER_CPUSET:-none})"
  (cd "$root" && "${server_pin[@]}" ./mvnw -q -pl entitlements/policy -Pjmh test-compile exec:exec \
    -Djmh.args="$JMH_ARGS -rf csv -rff $scratch/jmh.csv") > "$scratch/jmh.log" 2>&1
  if [ -s "$scratch/jmh.csv" ]; then
    # "io.turnstile.policy.SigningBenchmark.sign","thrpt",1,5,1234.5,12.3,"ops/s",SunRsaSign
    awk -F, 'NR > 1 {gsub(/["\r]/, ""); n = split($1, name, "."); printf "JMH label=jmh_%s_%s ops_s=%.0f error=%.0f\n", name[n], $8, $5, $6}' \
      "$scratch/jmh.csv" | tee -a "$out"
  fi
  grep -q 'ACCP skipped' "$scratch/jmh.log" && log "# JMH: $(grep -m1 -o 'ACCP skipped: .*' "$scratch/jmh.log" | cut -c1-200)"
  [ -s "$scratch/jmh.csv" ] || { log "# JMH failed:"; tail -20 "$scratch/jmh.log" | tee -a "$out"; failed=1; }
fi

# ---------------------------------------------------------------- the server

if [ "$DB" = postgres ]; then
  command -v psql >/dev/null || { echo "psql is needed for DB=postgres" >&2; exit 2; }
  pg_url="${TURNSTILE_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"; pg_user="${TURNSTILE_PG_USER:-root}"
  authority="${pg_url#jdbc:postgresql://}"; authority="${authority%%/*}"; authority="${authority%%\?*}"
  pg_host="${authority%%:*}"; pg_port="${authority##*:}"; [ "$pg_port" = "$authority" ] && pg_port=5432
  admin_db="${pg_url##*/}"; admin_db="${admin_db%%\?*}"
  export PGPASSWORD="${TURNSTILE_PG_PASSWORD:-}"
  psql_admin=(psql -qAt -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$admin_db")
  database="turnstile_bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "${psql_admin[@]}" -c "create database $database" >/dev/null || { database=""; exit 2; }
  log "# PostgreSQL $("${psql_admin[@]}" -c 'show server_version') on $pg_host:$pg_port (not pinned), scratch database"
fi

limits=()
if [ "$RAISE_LIMITS" != 0 ]; then
  for limit in client-per-second client-burst address-per-second address-burst form-per-second form-burst; do
    limits+=("--turnstile.rate-limits.$limit=$RAISE_LIMITS")
  done
  log "# rate limits raised by configuration (defaults 500/s per client, 1000/s per address, 5/s sign-in form posts per address): ${limits[*]}"
else
  log "# rate limits at their defaults"
fi
log "# server command (in a scratch directory): java ${JAVA_OPTS:+$JAVA_OPTS }-jar auth-server/target/turnstile-auth-server.jar ${limits[*]}"

if curl -s -o /dev/null -m 2 "$base/"; then
  log "# something answers on port $PORT already: choose another PORT"; exit 2
fi
started_at=$(date +%s%N)
(
  cd "$scratch" || exit 1
  export PORT TURNSTILE_DEMO_PASSWORD="$demo_password" TURNSTILE_DEMO_SECRET="$backend_secret" \
    TURNSTILE_ADMIN_SECRET="$admin_secret" STRIPE_WEBHOOK_SECRET="$webhook_secret"
  if [ "$DB" = postgres ]; then
    export TURNSTILE_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$database" TURNSTILE_DB_USER="$pg_user" \
      TURNSTILE_DB_PASSWORD="${TURNSTILE_PG_PASSWORD:-}"
  fi
  # shellcheck disable=SC2086
  exec "${server_pin[@]}" "$JAVA" ${JAVA_OPTS:-} -jar "$jar" "${limits[@]}"
) > "$scratch/server.log" 2>&1 &
server=$!

# Start-up to the first served token: a client_credentials request every 50 ms until one succeeds.
first_token() {
  curl_as "demo-admin:$admin_secret" -o /dev/null -w '%{http_code}' -m 10 \
    -d 'grant_type=client_credentials&scope=entitlements.read' "$base/oauth2/token" 2>/dev/null
}
deadline=$(( $(date +%s) + ${STARTUP_TIMEOUT:-300} ))
until [ "$(first_token)" = 200 ]; do
  if ! kill -0 "$server" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    cp "$scratch/server.log" "${out%.txt}-server.log"
    log "# the server did not serve a token; its log: ${out%.txt}-server.log (last 40 lines:)"
    tail -40 "$scratch/server.log" | tee -a "$out"
    exit 2
  fi
  sleep 0.05
done
startup_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))
sleep 1
rss_idle=$(rss_mb "$server")
log "STARTUP label=ts_startup first_token_ms=$startup_ms rss_idle_mb=$rss_idle pid_cpuset=$(taskset -pc "$server" 2>/dev/null | awk -F': ' '{print $2}')"
# The provider making RS256 signatures, as the server logs it ("RS256 signatures by …"); a server that does
# not log it signs with the JDK's.
signer=$(grep -o 'RS256 signatures by [A-Za-z0-9_.-]*' "$scratch/server.log" | tail -1 | awk '{print $4}')
case "$signer" in
  AmazonCorretto*) jmh_provider=ACCP ;;
  "") signer="SunRsaSign(not-logged)"; jmh_provider=SunRsaSign ;;
  *) jmh_provider="$signer" ;;
esac
log "PROVIDER label=ts_rs256 signer=$signer jmh=$jmh_provider"

# ---------------------------------------------------------------- how each run is taken and judged

export WRK_THREADS="$THREADS" WRK_CONNS="$CONNS"
# PROFILE / ASYNC_PROFILER (see the knobs above). jcmd reads a bare "=" in the agent's options as its own syntax,
# hence the inner quotes.
profile_start() {
  [ "${PROFILE:-0}" = 1 ] || return 0
  if [ -n "${ASYNC_PROFILER:-}" ]; then
    jcmd "$server" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=cpu,interval=1ms\"" >/dev/null 2>&1
  else
    jcmd "$server" JFR.start name="$1" settings=profile >/dev/null 2>&1
  fi
}
profile_stop() {
  [ "${PROFILE:-0}" = 1 ] || return 0
  if [ -n "${ASYNC_PROFILER:-}" ]; then
    jcmd "$server" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,collapsed,file=${out%.txt}-$1.collapsed\"" >/dev/null 2>&1
  else
    jcmd "$server" JFR.stop name="$1" filename="${out%.txt}-$1.jfr" >/dev/null 2>&1
  fi
}
wrk_bench() { # LABEL SCRIPT URL; the WRK_* variables describe the request
  local label="$1" script="$2" url="$3"
  export WRK_LABEL="$label"
  echo "== $label" >> "$wrk_log"
  if [ "$WARMUP_S" -gt 0 ]; then
    "${load_pin[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_S}s" --timeout "$TIMEOUT" -s "$script" "$url" >> "$wrk_log" 2>&1
    [ -n "${WRK_POOL:-}" ] && mv "$WRK_POOL_OUT" "$WRK_POOL"
  fi
  profile_start "$label"
  "${load_pin[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION_S}s" --timeout "$TIMEOUT" --latency -s "$script" "$url" 2>&1 \
    | tee -a "$wrk_log" | grep '^RESULT' | tail -1
  profile_stop "$label"
  [ -n "${WRK_POOL:-}" ] && mv "$WRK_POOL_OUT" "$WRK_POOL"
  return 0
}
# A run counts with a result, requests, non2xx=0 and no socket errors, unexpected answers, starved pool or
# events left unapplied.
record() { # LABEL RESULT_LINE
  local label="$1" line="$2" verdict
  if [ -z "$line" ]; then
    line="RESULT label=$label rps=0 p50_ms=0 p90_ms=0 p99_ms=0 max_ms=0 requests=0 non2xx=0 sock_err=0 missing=1"
  fi
  log "$line"
  verdict=$(echo "$line" | awk '{for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
    bad = ""; if (v["requests"] + 0 == 0) bad = bad " no requests"
    split("non2xx sock_err unexpected starved not_applied missing", keys, " ")
    for (k in keys) if (v[keys[k]] + 0 > 0) bad = bad " " keys[k] "=" v[keys[k]]
    print bad}')
  if [ -n "$verdict" ]; then
    log "# $label does not count:$verdict"
    failed=1
  fi
}
sanity() { # LABEL HTTP_CODE BODY_FILE EXPECTED_TEXT
  if [ "$2" != 200 ] || ! grep -qF -- "$4" "$3"; then
    log "# $1: sanity request failed (HTTP $2); skipped"
    failed=1
    return 1
  fi
}

# ---------------------------------------------------------------- soak: memory at a fixed rate

if [ "$SOAK" = 1 ]; then
  log "# soak: client_credentials (demo-admin) paced at $RATE req/s for ${DURATION_S}s, RSS every ${SAMPLE_S}s"
  export WRK_METHOD=POST WRK_BODY="grant_type=client_credentials&scope=entitlements.read" WRK_EXPECT='"access_token"' \
    WRK_BASIC="$(printf 'demo-admin:%s' "$admin_secret" | base64 -w0)" WRK_RATE="$RATE" WRK_LABEL=ts_soak_cc
  ( t=0; while :; do echo "SOAK t=${t}s rss_mb=$(rss_mb "$server")" | tee -a "$out" "$scratch/soak.txt"
    sleep "$SAMPLE_S"; t=$((t + SAMPLE_S)); done ) &
  sampler=$!
  line=$("${load_pin[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION_S}s" --timeout "$TIMEOUT" --latency \
    -s "$root/bench/wrk/request.lua" "$base/oauth2/token" 2>&1 | tee -a "$wrk_log" | grep '^RESULT' | tail -1)
  kill "$sampler" 2>/dev/null; sampler=""
  echo "SOAK t=${DURATION_S}s rss_mb=$(rss_mb "$server")" | tee -a "$out" "$scratch/soak.txt"
  record ts_soak_cc "$line"
  awk -v rate="$RATE" '/^SOAK/ {split($3, kv, "="); mb[n++] = kv[2] + 0}
    END {min = mb[0]; max = mb[0]; for (i = 0; i < n; i++) {if (mb[i] < min) min = mb[i]; if (mb[i] > max) max = mb[i]}
      printf "SOAK_SUMMARY target_rps=%s samples=%d rss_first_mb=%d rss_last_mb=%d rss_min_mb=%d rss_max_mb=%d\n", rate, n, mb[0], mb[n - 1], min, max}' \
    "$scratch/soak.txt" | tee -a "$out"
  echo "$line" | awk -v rate="$RATE" '{for (i = 2; i <= NF; i++) {split($i, kv, "="); if (kv[1] == "rps") r = kv[2]}
    if (r < 0.95 * rate) print "# the load did not hold the target rate: " r " of " rate " req/s"}' | tee -a "$out"
  echo "raw: ${out#"$root"/}"
  exit "$failed"
fi

# ---------------------------------------------------------------- people and their refresh-token families

if want refresh || want introspect || want decisions || want signin; then
  log "# preparing: $PEOPLE people signed up through /signup, premium comped, $FAMILIES refresh-token families each (demo-web sign-ins)"
  if ! (cd "$root" && TURNSTILE_ADMIN_SECRET="$admin_secret" "${load_pin[@]}" "$JAVA" bench/SignInBench.java prepare \
      "$base" "$scratch/people" "$PEOPLE" "$FAMILIES") >> "$scratch/prepare.log" 2>&1; then
    log "# preparing people failed:"; tail -20 "$scratch/prepare.log" | tee -a "$out"; exit 1
  fi
  tail -1 "$scratch/prepare.log" | tee -a "$out"
  # one family stays out of the refresh pool: it gives the person's access token for introspection and decisions
  tail -1 "$scratch/people/refresh-tokens" | tr -d '\n' > "$scratch/reserve"
  head -n -1 "$scratch/people/refresh-tokens" > "$scratch/pool"
fi
person_token() { # refreshes the reserved family; prints a fresh access token of a premium person
  local answer
  answer=$(curl -s -d grant_type=refresh_token -d client_id=demo-web --data-urlencode "refresh_token@$scratch/reserve" \
    "$base/oauth2/token")
  echo "$answer" | json_field refresh_token | tr -d '\n' > "$scratch/reserve"
  echo "$answer" | json_field access_token
}

if [ "$JIT_WARMUP_S" -gt 0 ]; then
  log "# JIT warm-up: ${JIT_WARMUP_S}s of client_credentials, discarded"
  WRK_METHOD=POST WRK_BODY="grant_type=client_credentials&scope=entitlements.read" WRK_EXPECT="" \
    WRK_BASIC="$(printf 'demo-admin:%s' "$admin_secret" | base64 -w0)" WRK_LABEL=jit \
    "${load_pin[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${JIT_WARMUP_S}s" --timeout "$TIMEOUT" \
    -s "$root/bench/wrk/request.lua" "$base/oauth2/token" >> "$wrk_log" 2>&1
fi

# ---------------------------------------------------------------- the benchmarks

request_lua="$root/bench/wrk/request.lua"
if want cc; then
  # (1) client_credentials, demo-admin (client_secret_basic), an RFC 9068 JWT access token
  export WRK_METHOD=POST WRK_BODY="grant_type=client_credentials&scope=entitlements.read" WRK_EXPECT='"access_token"' \
    WRK_BASIC="$(printf 'demo-admin:%s' "$admin_secret" | base64 -w0)" WRK_BEARER=""
  code=$(curl_as "demo-admin:$admin_secret" -o "$scratch/sanity" -w '%{http_code}' -d "$WRK_BODY" "$base/oauth2/token")
  sanity ts_cc "$code" "$scratch/sanity" '"access_token"' && record ts_cc "$(wrk_bench ts_cc "$request_lua" "$base/oauth2/token")"
fi

if want refresh; then
  # (2) refresh_token, demo-web (public client): every refresh rotates, the old token is spent (reuse revokes
  # the family), everything persisted. The pool is the prepared families' live refresh tokens.
  families=$(wc -l < "$scratch/pool")
  log "# refresh pool: $families families"
  # each wrk run loses the tokens in flight when it stops (CONNS, and one wrk takes to check the script)
  [ "$families" -ge $(( 2 * (CONNS + 1) + CONNS )) ] \
    || log "# the refresh pool is small for $CONNS connections (warm-up and measured run each lose up to $((CONNS + 1))): raise PEOPLE or FAMILIES"
  record ts_refresh "$(export WRK_POOL="$scratch/pool" WRK_POOL_OUT="$scratch/pool.out" WRK_CLIENT_ID=demo-web
    wrk_bench ts_refresh "$root/bench/wrk/refresh.lua" "$base/oauth2/token")"
fi

if want introspect; then
  # (3) introspection (RFC 7662) of a live JWT access token, demo-backend authenticating
  if [ "$INTROSPECT" = service ]; then
    token=$(curl_as "demo-admin:$admin_secret" -d 'grant_type=client_credentials&scope=entitlements.read' \
      "$base/oauth2/token" | json_field access_token)
  else
    token=$(person_token)
  fi
  export WRK_METHOD=POST WRK_BODY="token=$token&token_type_hint=access_token" WRK_EXPECT='"active":true' \
    WRK_BASIC="$(printf 'demo-backend:%s' "$backend_secret" | base64 -w0)" WRK_BEARER=""
  code=$(printf 'user = "demo-backend:%s"\ndata = "%s"\n' "$backend_secret" "$WRK_BODY" \
    | curl -s -K - -o "$scratch/sanity" -w '%{http_code}' "$base/oauth2/introspect")
  log "# introspected: a $INTROSPECT access token"
  sanity ts_introspect "$code" "$scratch/sanity" '"active":true' \
    && record ts_introspect "$(wrk_bench ts_introspect "$request_lua" "$base/oauth2/introspect")"
fi

if want jwks; then
  # (4) JWKS
  export WRK_METHOD=GET WRK_BODY="" WRK_EXPECT='"keys"' WRK_BASIC="" WRK_BEARER=""
  code=$(curl -s -o "$scratch/sanity" -w '%{http_code}' "$base/oauth2/jwks")
  sanity ts_jwks "$code" "$scratch/sanity" '"keys"' && record ts_jwks "$(wrk_bench ts_jwks "$request_lua" "$base/oauth2/jwks")"
fi

if want decisions; then
  # (5) POST /api/decisions with a premium person's access token: a standard-tier title in uhd (a PERMIT)
  token=$(person_token)
  export WRK_METHOD=POST WRK_CONTENT_TYPE=application/json WRK_EXPECT='"PERMIT"' WRK_BASIC="" WRK_BEARER="$token" \
    WRK_BODY='{"content":{"id":"title-42","requiredTier":"standard","quality":"uhd"}}'
  code=$(curl_bearer "$token" -o "$scratch/sanity" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "$WRK_BODY" "$base/api/decisions")
  sanity ts_decisions "$code" "$scratch/sanity" '"PERMIT"' \
    && record ts_decisions "$(wrk_bench ts_decisions "$request_lua" "$base/api/decisions")"
  unset WRK_CONTENT_TYPE
fi

if want webhook; then
  # (6) Stripe webhook intake: verified, stored and applied before each 2xx (bench/WebhookBench.java)
  log "# webhook: $WEBHOOK_PEOPLE people imported, $CONNS connections, signed customer.subscription.updated and invoice.paid"
  line=$(cd "$root" && export LABEL=ts_webhook STRIPE_WEBHOOK_SECRET="$webhook_secret" TURNSTILE_ADMIN_SECRET="$admin_secret" \
    && "${load_pin[@]}" "$JAVA" bench/WebhookBench.java "$base" "$DURATION_S" "$WARMUP_S" "$CONNS" "$WEBHOOK_PEOPLE" \
    2>> "$wrk_log" | grep '^RESULT' | tail -1)
  record ts_webhook "$line"
fi

if want signin; then
  # (7) sign-in: the whole authorization-code flow with PKCE and a real password check (bench/SignInBench.java)
  log "# sign-in: $SIGNIN_WORKERS concurrent flows as $PEOPLE people, demo-web, each device signed out again after its flow (not timed)"
  line=$(cd "$root" && LABEL=ts_signin "${load_pin[@]}" "$JAVA" bench/SignInBench.java run "$base" \
    "$scratch/people/people" "$DURATION_S" "$WARMUP_S" "$SIGNIN_WORKERS" 2>> "$wrk_log" | grep '^RESULT' | tail -1)
  record ts_signin "$line"
fi

rss_after=$(rss_mb "$server")
log "MEMORY label=ts_memory rss_idle_mb=$rss_idle rss_after_load_mb=$rss_after"
stop_server

# ---------------------------------------------------------------- the peers, same machine, same run

if [ -n "$ANCHORS" ]; then
  export SERVER_CPUSET WRK_CPUSET THREADS CONNS DURATION="$DURATION_S" WARMUP="$WARMUP_S"
  unset WRK_POOL WRK_POOL_OUT
  peer() { # LABEL SCRIPT ARGS…
    local label="$1"; shift
    record "$label" "$(LABEL="$label" "$@" 2>> "$wrk_log" | grep '^RESULT' | tail -1)"
  }
  peer_rss() { # PID: RSS of it or of its java/node child (Keycloak runs behind a shell script)
    local p="$1" c; c=$(pgrep -P "$p" -x java || pgrep -P "$p" -x node || true); [ -n "$c" ] && p="$c"; rss_mb "$p"
  }
  peer_jit() { DURATION="$JIT_WARMUP_S" WARMUP=0 "$ANCHORS/bench-token-endpoint.sh" "$1" "$2" bench-cc bench-secret >/dev/null 2>&1; }

  log "# Keycloak (the peers' scripts in the ANCHORS directory)"
  peer_down="$ANCHORS/keycloak-down.sh"
  if "$ANCHORS/keycloak-up.sh" >> "$scratch/peers.log" 2>&1; then
    kc="http://127.0.0.1:${KC_PORT:-18080}"; te="$kc/realms/bench/protocol/openid-connect"
    kc_pid=$(cat "$ANCHORS/.cache/keycloak.pid"); kc_idle=$(peer_rss "$kc_pid")
    [ "$JIT_WARMUP_S" -gt 0 ] && peer_jit "$kc" /realms/bench/protocol/openid-connect/token
    peer kc_cc "$ANCHORS/bench-token-endpoint.sh" "$kc" /realms/bench/protocol/openid-connect/token bench-cc bench-secret
    rt=$(curl -s -u bench-cc:bench-secret -d grant_type=password -d username=alice -d password=alice-pass "$te/token" | json_field refresh_token)
    peer kc_refresh "$ANCHORS/bench-post.sh" "$te/token" "grant_type=refresh_token&refresh_token=$rt" bench-cc bench-secret
    at=$(curl -s -u bench-cc:bench-secret -d grant_type=client_credentials "$te/token" | json_field access_token)
    peer kc_introspect "$ANCHORS/bench-post.sh" "$te/token/introspect" "token=$at&token_type_hint=access_token" bench-cc bench-secret
    peer kc_jwks "$ANCHORS/bench-get.sh" "$te/certs"
    log "MEMORY label=kc_memory rss_idle_mb=$kc_idle rss_after_load_mb=$(peer_rss "$kc_pid")"
  else
    log "# Keycloak did not start:"; tail -20 "$scratch/peers.log" | tee -a "$out"; failed=1
  fi
  "$peer_down" >> "$scratch/peers.log" 2>&1; peer_down=""

  log "# node-oidc-provider, RS256 JWT access tokens"
  peer_down="$ANCHORS/oidc-provider-down.sh"
  if TOKEN_FORMAT=jwt "$ANCHORS/oidc-provider-up.sh" >> "$scratch/peers.log" 2>&1; then
    op="http://127.0.0.1:${OP_PORT:-18090}"
    op_pid=$(cat "$ANCHORS/.cache/oidc-provider.pid"); op_idle=$(peer_rss "$op_pid")
    [ "$JIT_WARMUP_S" -gt 0 ] && peer_jit "$op" /token
    peer op_cc_jwt "$ANCHORS/bench-token-endpoint.sh" "$op" /token bench-cc bench-secret
    peer op_jwks "$ANCHORS/bench-get.sh" "$op/jwks"
    log "MEMORY label=op_memory rss_idle_mb=$op_idle rss_after_load_mb=$(peer_rss "$op_pid")"
  else
    log "# node-oidc-provider did not start:"; tail -20 "$scratch/peers.log" | tee -a "$out"; failed=1
  fi
  "$peer_down" >> "$scratch/peers.log" 2>&1
  log "# node-oidc-provider, opaque access tokens (it introspects only those)"
  if TOKEN_FORMAT=opaque "$ANCHORS/oidc-provider-up.sh" >> "$scratch/peers.log" 2>&1; then
    at=$(curl -s -u bench-cc:bench-secret -d grant_type=client_credentials "$op/token" | json_field access_token)
    peer op_introspect "$ANCHORS/bench-post.sh" "$op/token/introspection" "token=$at" bench-cc bench-secret
  else
    log "# node-oidc-provider (opaque) did not start"; failed=1
  fi
  "$peer_down" >> "$scratch/peers.log" 2>&1; peer_down=""
fi

# ---------------------------------------------------------------- summary

{
  echo
  echo "## Summary ($(date -u +%F), commit $commit, $(nproc) cores, server on cpuset ${SERVER_CPUSET:-none}, db $DB, JAVA_OPTS='${JAVA_OPTS:-}')"
  echo
  awk '
    /^RESULT/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
      l = v["label"]; order[n++] = l; rps[l] = v["rps"]; p50[l] = v["p50_ms"]; p99[l] = v["p99_ms"]
      bad[l] = v["non2xx"] + v["sock_err"] + v["unexpected"] + v["starved"] + v["not_applied"] + v["missing"]; delete v}
    /^JMH/ {split($2, a, "="); split($3, b, "="); jmh[a[2]] = b[2]; jorder[jn++] = a[2]}
    /^STARTUP/ {split($3, a, "="); startup = a[2]}
    /^PROVIDER/ {split($3, a, "="); split($4, b, "="); signer = a[2]; mine = "jmh_sign_" b[2]}
    /^MEMORY/ {split($2, a, "="); split($3, b, "="); split($4, c, "="); idle[a[2]] = b[2]; after[a[2]] = c[2]; morder[mn++] = a[2]}
    END {
      peers["ts_cc"] = "kc_cc op_cc_jwt"; peers["ts_refresh"] = "kc_refresh"
      peers["ts_introspect"] = "kc_introspect op_introspect"; peers["ts_jwks"] = "kc_jwks op_jwks"
      print "| run | req/s | p50 ms | p99 ms | non2xx + errors | Turnstile / peer |"
      print "|---|---:|---:|---:|---:|---|"
      for (i = 0; i < n; i++) {
        l = order[i]; ratio = ""
        if (l in peers) {
          m = split(peers[l], ps, " ")
          for (j = 1; j <= m; j++) if ((ps[j] in rps) && rps[ps[j]] > 0)
            ratio = ratio sprintf("%s%.2f× %s", (ratio == "") ? "" : ", ", rps[l] / rps[ps[j]], ps[j])
        }
        printf "| %s | %.1f | %.2f | %.2f | %d | %s |\n", l, rps[l], p50[l], p99[l], bad[l], ratio
      }
      print ""
      if (startup != "") printf "- start-up to the first served token: %.2f s\n", startup / 1000
      for (i = 0; i < mn; i++) {k = morder[i]; printf "- RSS (%s): idle %s MB, after the load runs %s MB\n", k, idle[k], after[k]}
      for (i = 0; i < jn; i++) {
        k = jorder[i]
        printf "- JMH %s: %s ops/s", k, jmh[k]
        if (k ~ /^jmh_sign_/ && ("ts_cc" in rps)) printf " (client_credentials = %.0f%% of it)", 100 * rps["ts_cc"] / jmh[k]
        if (k == mine) printf ": the provider the server signs with (%s)", signer
        printf "\n"
      }
    }' "$out"
} | tee -a "$out"
echo
echo "raw: ${out#"$root"/}"
[ "$failed" = 0 ] || echo "some runs do not count (see the lines starting with '#' above)"
exit "$failed"
