#!/usr/bin/env bash
# The benchmark harness (issue 7): builds the services in Release, starts PostgreSQL, Redis, payments, orders-v1,
# orders-v2 and the gateway as plain processes on loopback (configured with the environment variables the AppHost
# would inject), runs every benchmark with bounded durations, stops everything it started and writes docs/benchmarks.md.
#
# Usage: tests/Benchmarks/run.sh [--baseline GIT_REF] [--only "gateway tokens orders startup"] [--quick]
#   --baseline REF  also builds the services of REF (e.g. the commit before an optimisation) and runs the order
#                   benchmark and memory against them in the same run, for a before/after table.
#   --only LIST     run only these benchmarks (gateway, tokens, orders, startup); memory is measured with orders.
#                   tokens: what validating an access token costs the gateway per request (same GET with and without one).
#   --quick         shorter runs (for trying the harness; figures are noisier).
#   BENCH_SERVICE_ENV="NAME=value ..."  extra environment for every service (to try a runtime setting).
#   --hold          only start the stack, print its ports and wait (for profiling with dotnet-counters/dotnet-trace).
# The services validate JWT access tokens from a stand-in issuer (issuer.sh: discovery, JWKS, orders' token endpoint, served
# by nginx); wrk sends a customer's token with every order.
# Needs (Debian): wrk, nginx, openssl, xxd, postgresql (pgbench), redis-server, curl. About 10 minutes on 2 idle cores (start-up: 4 AppHost runs
# of up to 300 s each); 20 on a loaded machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bench_dir="$root/tests/Benchmarks"
baseline_ref=""
only="gateway tokens orders startup"
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline_ref=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --hold) only=hold; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
wants() { [[ " $only " == *" $1 "* ]]; }

# Bounded durations (seconds) and loads.
if [ "$quick" = 1 ]; then warm=2; gw_warm=8; gw_secs=5; level_secs=5; pg_secs=4; else warm=3; gw_warm=20; gw_secs=10; level_secs=8; pg_secs=6; fi
gw_connections=32
read -r -a levels <<<"${BENCH_LEVELS:-1 2 4 8 16 32 64 128}"
startup_runs=${STARTUP_RUNS:-1}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
for tool in wrk nginx openssl xxd redis-server curl "$pg_bin/pgbench" "$pg_bin/postgres"; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y wrk nginx openssl xxd postgresql postgresql-contrib redis-server curl" >&2; exit 1; }
done

work=$(mktemp -d /tmp/referenceapp-bench.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/logs"
declare -a started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP_BENCH_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

free_port() {
  local port
  while :; do
    port=$(( (RANDOM << 1 | RANDOM & 1) % 30000 + 20000 ))
    if [ -z "$(ss -Htln "sport = :$port")" ] && ! grep -qx "$port" "$work/ports" 2>/dev/null; then
      echo "$port" >>"$work/ports"; echo "$port"; return
    fi
  done
}

wait_for() { # description, command; up to 60 s
  local what=$1; shift
  for _ in $(seq 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "$what did not become ready" >&2; return 1
}

# ---------------------------------------------------------------------------------------------------------- build
build_services() { # source root, output folder
  local src=$1 out=$2 p
  for p in Payments Orders Gateway; do
    dotnet build "$src/services/$p/$p.csproj" -c Release -nologo -clp:ErrorsOnly -v q -o "$out/$p" >"$work/logs/build-$p.log" 2>&1 \
      || { cat "$work/logs/build-$p.log" >&2; return 1; }
  done
}
log "building the services in Release"
build_services "$root" "$work/current"
dotnet build "$bench_dir/BareProxy/BareProxy.csproj" -c Release -nologo -clp:ErrorsOnly -v q -o "$work/current/BareProxy" >"$work/logs/build-BareProxy.log" 2>&1 \
  || { cat "$work/logs/build-BareProxy.log" >&2; exit 1; }
head_commit=$(git -C "$root" rev-parse --short HEAD)
dirty=$(git -C "$root" status --porcelain -- services libraries ServiceDefaults | grep -q . && echo " (with uncommitted changes)" || true)
if [ -n "$baseline_ref" ]; then
  log "building the baseline $baseline_ref"
  mkdir -p "$work/baseline-src"
  # libraries/ (Cards, PostgresDatabase) exists from issue 18 on; an older baseline has them under services/.
  baseline_paths=(services ServiceDefaults Directory.Build.props Directory.Packages.props global.json .editorconfig)
  if git -C "$root" cat-file -e "$baseline_ref:libraries" 2>/dev/null; then baseline_paths+=(libraries); fi
  git -C "$root" archive "$baseline_ref" "${baseline_paths[@]}" \
    | tar -x -C "$work/baseline-src"
  build_services "$work/baseline-src" "$work/baseline"
  baseline_commit=$(git -C "$root" rev-parse --short "$baseline_ref")
fi

# ------------------------------------------------------------------------------------------- PostgreSQL and Redis
pg_port=$(free_port)
mkdir -p "$work/pg"
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work/pg"; as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
"${as_pg[@]}" "$pg_bin/initdb" --pgdata="$work/pg" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$work/logs/initdb.log"
# The AppHost's process-mode settings (run-postgres.sh: durable commits), but 320 connections instead of 200: services built
# before c0c9152 (--baseline) pool up to Npgsql's default of 100 connections each, and three of them exhaust 200 under load.
"${as_pg[@]}" "$pg_bin/postgres" -D "$work/pg" -p "$pg_port" -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
  -c max_connections=320 >"$work/logs/postgres.log" 2>&1 &
started_pids+=($!)
psql_() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }
wait_for PostgreSQL psql_ -d postgres -c "select 1"
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/logs/redis.log" 2>&1 &
started_pids+=($!)
wait_for Redis bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port"

# ------------------------------------------------------------------------------------------------ token issuer
source "$bench_dir/issuer.sh"
issuer_start
# One signed-in customer places every order (its own rate-limit partition; the limits are lifted below anyway).
bench_token=$(issuer_mint bench-customer "orders payments" customer)

# ------------------------------------------------------------------------------------------------- the services
# What the AppHost injects (ReferenceAppServices.cs): ports, connection strings, service discovery, parameters.
declare -A svc_pid svc_port
start_stack() { # label, build folder, database suffix
  local label=$1 dir=$2 db=$3 name
  psql_ -d postgres -c "create database ordersdb$db" -c "create database paymentsdb$db"
  for name in payments orders-v1 orders-v2 gateway; do svc_port[$name]=$(free_port); done
  local common=(Logging__Console__FormatterName=simple ASPNETCORE_ENVIRONMENT=Production "Identity__Authority=$issuer_url")
  # BENCH_SERVICE_ENV="NAME=value ..." adds runtime settings to every service, for trying a knob (GC mode, say).
  read -r -a extra_env <<<"${BENCH_SERVICE_ENV:-}"
  common+=("${extra_env[@]}")
  local orders_db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ordersdb$db"
  start_service payments "$dir/Payments/Payments.dll" "${common[@]}" \
    "ConnectionStrings__paymentsdb=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=paymentsdb$db"
  wait_for payments curl -sf "http://127.0.0.1:${svc_port[payments]}/health"
  for name in orders-v1 orders-v2; do
    start_service "$name" "$dir/Orders/Orders.dll" "${common[@]}" "Orders__Version=${name#orders-}" \
      Identity__ClientId=orders-service Identity__ClientSecret=bench \
      "ConnectionStrings__ordersdb=$orders_db" "services__payments__http__0=http://127.0.0.1:${svc_port[payments]}"
  done
  wait_for orders-v1 curl -sf "http://127.0.0.1:${svc_port[orders-v1]}/health"
  wait_for orders-v2 curl -sf "http://127.0.0.1:${svc_port[orders-v2]}/health"
  gateway_env=("${common[@]}" \
    "ConnectionStrings__cache=127.0.0.1:$redis_port" "Canary__StateKey=canary:bench$db" "Canary__Weight=10" \
    "Gateway__AdminKey=bench-admin-key-0123456789abcdef" \
    Gateway__RateLimits__OrderPlacement__PermitLimit=100000000 Gateway__RateLimits__Reads__PermitLimit=100000000 \
    "services__orders-v1__http__0=http://127.0.0.1:${svc_port[orders-v1]}" \
    "services__orders-v2__http__0=http://127.0.0.1:${svc_port[orders-v2]}" \
    "services__payments__http__0=http://127.0.0.1:${svc_port[payments]}")
  start_service gateway "$dir/Gateway/Gateway.dll" "${gateway_env[@]}"
  wait_for gateway curl -sf "http://127.0.0.1:${svc_port[gateway]}/health"
  log "$label stack is up (gateway :${svc_port[gateway]}, orders :${svc_port[orders-v1]} :${svc_port[orders-v2]}, payments :${svc_port[payments]})"
}
start_service() { # name, dll, env...
  local name=$1 dll=$2; shift 2
  # The content root (appsettings.json, the gateway's routes) is the working directory, as under the AppHost.
  (cd "$(dirname "$dll")" && exec env "$@" "ASPNETCORE_URLS=http://127.0.0.1:${svc_port[$name]}" dotnet "$dll") >"$work/logs/$name.log" 2>&1 &
  svc_pid[$name]=$!
  started_pids+=($!)
}
stop_stack() {
  local name
  for name in gateway orders-v1 orders-v2 payments; do kill -TERM "${svc_pid[$name]}" 2>/dev/null || true; done
  for name in gateway orders-v1 orders-v2 payments; do wait "${svc_pid[$name]}" 2>/dev/null || true; done
}
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ------------------------------------------------------------------------------------------------------ helpers
# Runs wrk and prints "rps p50_ms p99_ms requests errors" from the Lua done() hook (exact percentiles).
run_wrk() { # connections, seconds, url, script, extra env...
  local c=$1 secs=$2 url=$3 script=$4; shift 4
  local threads=$(( c < 2 ? 1 : 2 )) out
  out=$(env "$@" wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 5s -s "$script" "$url" 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out" >>"$work/logs/wrk.log"
  sed -n 's/^RESULT //p' <<<"$out" | tr ' ' '\n' | awk -F= '{ v[$1] = $2 } END {
    ok = v["requests"] - v["non2xx"] - v["socket_errors"];
    printf "%.0f %.2f %.2f %d %d\n", ok / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p99_us"] / 1000, v["requests"], v["non2xx"] + v["socket_errors"] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
results="$work/results.md"
: >"$results"

# ------------------------------------------------------------------------------------------ 1. gateway overhead
gateway_bench() {
  log "gateway overhead: GET /api/products, $gw_connections connections, ${gw_secs} s each"
  local nginx_port; nginx_port=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<NGINX
user root;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  # The same split as the gateway's canary: 90 % orders-v1, 10 % orders-v2.
  upstream orders {
    server 127.0.0.1:${svc_port[orders-v1]} weight=9;
    server 127.0.0.1:${svc_port[orders-v2]} weight=1;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://orders;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
  wait_for nginx curl -sf "http://127.0.0.1:$nginx_port/api/products"
  # Two more proxies to the same orders instances: YARP alone (tests/Benchmarks/BareProxy), and our gateway with the
  # OpenTelemetry SDK switched off, to show what YARP itself costs and what tracing and metrics add.
  svc_port[bare]=$(free_port)
  (cd "$work/current/BareProxy" && exec env ASPNETCORE_URLS="http://127.0.0.1:${svc_port[bare]}" \
    BareProxy__V1="http://127.0.0.1:${svc_port[orders-v1]}" BareProxy__V2="http://127.0.0.1:${svc_port[orders-v2]}" \
    dotnet BareProxy.dll) >"$work/logs/bare-proxy.log" 2>&1 &
  local bare_pid=$!
  started_pids+=($bare_pid)
  svc_port[gateway-no-otel]=$(free_port)
  start_service gateway-no-otel "$work/current/Gateway/Gateway.dll" "${gateway_env[@]}" OTEL_SDK_DISABLED=true
  wait_for "bare YARP" curl -sf "http://127.0.0.1:${svc_port[bare]}/api/products"
  wait_for "gateway without telemetry" curl -sf "http://127.0.0.1:${svc_port[gateway-no-otel]}/health"
  local name url r
  declare -A gw
  for name in direct gateway nginx bare gateway-no-otel; do
    case $name in
      direct) url="http://127.0.0.1:${svc_port[orders-v1]}/api/products" ;;
      nginx) url="http://127.0.0.1:$nginx_port/api/products" ;;
      *) url="http://127.0.0.1:${svc_port[$name]}/api/products" ;;
    esac
    # .NET's tiered JIT keeps recompiling hot methods (with profile-guided optimisation) for the first 10-20 s under load,
    # so every path is warmed for $gw_warm s before it is measured: the figures are steady state, as in production.
    run_wrk "$gw_connections" "$gw_warm" "$url" "$bench_dir/report.lua" >/dev/null
    r=$(run_wrk "$gw_connections" "$gw_secs" "$url" "$bench_dir/report.lua")
    gw[$name]=$r
    log "  $name: $r"
  done
  kill -TERM "$bare_pid" "${svc_pid[gateway-no-otel]}" 2>/dev/null || true
  wait "$bare_pid" "${svc_pid[gateway-no-otel]}" 2>/dev/null || true
  kill -QUIT "$(cat "$work/nginx/nginx.pid")"; rm -f "$work/nginx/nginx.pid"
  read -r d_rps d_p50 d_p99 _ d_err <<<"${gw[direct]}"
  read -r g_rps g_p50 g_p99 _ g_err <<<"${gw[gateway]}"
  read -r n_rps n_p50 n_p99 _ n_err <<<"${gw[nginx]}"
  read -r b_rps b_p50 b_p99 _ b_err <<<"${gw[bare]}"
  read -r o_rps o_p50 o_p99 _ o_err <<<"${gw[gateway-no-otel]}"
  cat >>"$results" <<MD
## 1. Gateway overhead: \`GET /api/products\`

wrk, $gw_connections connections, 2 threads, ${gw_secs} s after ${gw_warm} s of warm-up (steady state: .NET's tiered JIT is still
recompiling for the first 10-20 s under load), on the same machine as the servers. Every proxy splits 90/10 between
orders-v1 and orders-v2 (wrk sends no cookie, so every request of the gateway is a weighted draw and gets a sticky cookie).

| path | requests/s | p50 (ms) | p99 (ms) | errors |
|---|---|---|---|---|
| straight to orders-v1 | $d_rps | $d_p50 | $d_p99 | $d_err |
| YARP gateway (90/10 canary) | $g_rps | $g_p50 | $g_p99 | $g_err |
| nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') (weighted upstream 9:1, keepalive) | $n_rps | $n_p50 | $n_p99 | $n_err |
| YARP alone (\`tests/Benchmarks/BareProxy\`: no canary, telemetry or logging) | $b_rps | $b_p50 | $b_p99 | $b_err |
| our gateway with the OpenTelemetry SDK off (\`OTEL_SDK_DISABLED=true\`) | $o_rps | $o_p50 | $o_p99 | $o_err |

| ratio | value |
|---|---|
| gateway / nginx throughput (goal ≥ 1) | $(ratio "$g_rps" "$n_rps") |
| gateway / direct throughput | $(ratio "$g_rps" "$d_rps") |
| nginx / direct throughput | $(ratio "$n_rps" "$d_rps") |
| YARP alone / nginx throughput (the ceiling for any YARP gateway here) | $(ratio "$b_rps" "$n_rps") |
| gateway / YARP alone throughput (what the canary and telemetry cost) | $(ratio "$g_rps" "$b_rps") |
| gateway without telemetry / gateway throughput | $(ratio "$o_rps" "$g_rps") |
| gateway / nginx p99 | $(ratio "$g_p99" "$n_p99") |
| added p99 (ms): gateway, nginx (goal: gateway's no worse) | $(awk -v a="$g_p99" -v b="$d_p99" 'BEGIN{printf "%.2f", a-b}'), $(awk -v a="$n_p99" -v b="$d_p99" 'BEGIN{printf "%.2f", a-b}') |

MD
}

# ------------------------------------------------------------------------------------ 1b. token validation cost
# The same anonymous-friendly GET through the gateway, alternately without and with a customer's access token (the
# gateway validates any token it is sent: signature, issuer, audience, lifetime), three rounds each, so the difference
# is what validating a token costs per request. Orders and payments validate the forwarded token again.
token_bench() {
  log "token validation: GET /api/products through the gateway without and with a bearer token, $gw_connections connections"
  local url="http://127.0.0.1:${svc_port[gateway]}/api/products" round kind r rows=""
  run_wrk "$gw_connections" "$gw_warm" "$url" "$bench_dir/token-get.lua" BENCH_TOKEN="$bench_token" >/dev/null
  for round in 1 2 3; do
    for kind in without with; do
      local token=""; [ "$kind" = with ] && token=$bench_token
      r=$(run_wrk "$gw_connections" "$gw_secs" "$url" "$bench_dir/token-get.lua" BENCH_TOKEN="$token")
      log "  round $round, $kind token: $r"
      read -r rps p50 p99 _ err <<<"$r"
      rows+="| $round | $kind | $rps | $p50 | $p99 | $err |"$'\n'
      tok_sum[$kind]=$(awk -v a="${tok_sum[$kind]:-0}" -v b="$rps" 'BEGIN { print a + b }')
    done
  done
  local cost_us; cost_us=$(awk -v a="${tok_sum[without]}" -v b="${tok_sum[with]}" -v c="$gw_connections" \
    'BEGIN { if (a == 0 || b == 0) print "n/a"; else printf "%.0f", (3 / b - 3 / a) * 1e6 }')
  cat >>"$results" <<MD
## 1b. Token validation: \`GET /api/products\` through the gateway, without and with an access token

$gw_connections connections, ${gw_secs} s per run after a ${gw_warm} s warm-up, runs alternating. The token is an RS256 JWT
(2048-bit key) from the run's stand-in issuer (\`tests/Benchmarks/issuer.sh\`), validated by JwtBearer as against the
identity service (keys from its discovery document, cached).

| round | token | requests/s | p50 ms | p99 ms | errors |
|---|---|---|---|---|---|
$rows
Mean throughput without a token $(awk -v a="${tok_sum[without]}" 'BEGIN { printf "%.0f", a / 3 }') requests/s, with one
$(awk -v a="${tok_sum[with]}" 'BEGIN { printf "%.0f", a / 3 }') requests/s: validating a token costs the gateway about
**$cost_us µs of machine time per request** (the difference of the time per request at full load, 2 cores).

MD
}
declare -A tok_sum

# --------------------------------------------------------------------------------------------- 2. order placement
paid_count() { psql_ -d "ordersdb$1" -c "select count(*) from orders where status = 'Paid'"; }
all_count() { psql_ -d "ordersdb$1" -c "select count(*) from orders"; }

# Rising concurrency until throughput stops rising (< 5 % better than the best so far, twice), then a run at half the
# peak rate (connections paced by wrk's delay() hook). Writes the table for one stack; sets peak_rps etc.
order_bench() { # label, database suffix
  local label=$1 db=$2 c r rps p50 p99 n err paid0 paid1 best=0 peak_line="" rows="" level_data=""
  best_sustained=0
  local gw="http://127.0.0.1:${svc_port[gateway]}"
  log "order placement ($label): POST /api/orders through the gateway, rising concurrency, ${level_secs} s per level"
  run_wrk 8 $((warm * 2)) "$gw" "$bench_dir/orders.lua" BENCH_TOKEN="$bench_token" BENCH_RUN="warm$db$RANDOM" >/dev/null
  mem_sampler_start
  for c in "${levels[@]}"; do
    paid0=$(paid_count "$db")
    r=$(run_wrk "$c" "$level_secs" "$gw" "$bench_dir/orders.lua" BENCH_TOKEN="$bench_token" BENCH_RUN="c$c$db$RANDOM")
    paid1=$(paid_count "$db")
    read -r rps p50 p99 n err <<<"$r"
    local paid_rate; paid_rate=$(awk -v a="$paid0" -v b="$paid1" -v s="$level_secs" 'BEGIN { printf "%.0f", (b - a) / s }')
    log "  $c connections: $rps accepted/s, $paid_rate paid/s, p50 $p50 ms, p99 $p99 ms, $err errors"
    local sustained=$(( paid_rate < rps ? paid_rate : rps ))
    [ "$sustained" -gt "$best_sustained" ] && best_sustained=$sustained
    rows+="| $c | $rps | $paid_rate | $p50 | $p99 | $err |"$'\n'
    level_data+="$c $rps $paid_rate $p50 $p99"$'\n'
    # Every level runs (bounded: ${#levels[@]} levels of $level_secs s): stopping at the first levels that did not rise
    # made the peak depend on one noisy level.
    if [ "$rps" -gt "$best" ]; then best=$rps; peak_line="$c $rps $paid_rate $p50 $p99"; fi
  done
  mem_sampler_stop
  # Drain: how long the outbox needs to charge what was accepted.
  local t0 backlog; t0=$(date +%s.%N)
  backlog=$(( $(all_count "$db") - $(paid_count "$db") ))
  local drain left=$backlog
  while [ "$left" -gt 0 ] && awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { exit !(a - b < 60) }'; do
    sleep 0.2; left=$(( $(all_count "$db") - $(paid_count "$db") ))
  done
  drain=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
  [ "$left" -gt 0 ] && drain="> 60 ($left left)"
  read -r peak_c peak_rps peak_paid peak_p50 peak_p99 <<<"$peak_line"
  # Half the peak rate: 16 connections, each pausing 16 / (peak / 2) seconds between requests, so together they offer at
  # most half the peak (less by the time each request takes; the table shows the rate actually served).
  local half=$(( peak_rps / 2 )) pace
  pace=$(( 16 * 1000 / (half > 0 ? half : 1) ))
  r=$(run_wrk 16 "$level_secs" "$gw" "$bench_dir/orders.lua" BENCH_TOKEN="$bench_token" BENCH_RUN="half$db$RANDOM" BENCH_DELAY_MS="$pace")
  read -r half_rps half_p50 half_p99 _ half_err <<<"$r"
  log "  half peak (offered ~$half/s): $half_rps/s, p50 $half_p50 ms, p99 $half_p99 ms"
  local var
  for var in peak_rps peak_paid peak_c peak_p50 peak_p99 half_rps half_p50 half_p99 drain backlog rows best_sustained; do
    printf -v "${label}_$var" '%s' "${!var}"
  done
}

# Working set (VmRSS) of each service: at idle, and the peak while the order load runs (sampled every 0.5 s).
mem_idle() {
  local name
  for name in gateway orders-v1 orders-v2 payments; do echo "$(rss_mb "${svc_pid[$name]}")" >"$work/rss-idle-$name"; done
}
mem_sampler_start() {
  local name
  ( while :; do
      for name in gateway orders-v1 orders-v2 payments; do echo "$(rss_mb "${svc_pid[$name]}")" >>"$work/rss-load-$name"; done
      sleep 0.5
    done ) &
  mem_sampler=$!
}
mem_sampler_stop() {
  kill "$mem_sampler" 2>/dev/null || true; wait "$mem_sampler" 2>/dev/null || true
}
memory_row() { # label
  local name row="| $1 |"
  for name in gateway orders-v1 orders-v2 payments; do
    row+=" $(cat "$work/rss-idle-$name") / $(sort -n "$work/rss-load-$name" | tail -1) |"
    rm -f "$work/rss-idle-$name" "$work/rss-load-$name"
  done
  echo "$row"
}

# pgbench: the SQL of one order (tests/Benchmarks/order.pgbench.sql) against both schemas in one database.
pgbench_bench() {
  log "pgbench: the SQL of one order, ${pg_secs} s per client count"
  psql_ -d postgres -c "create database benchdb"
  psql_ -d benchdb -f "$root/services/Orders/Storage/Migrations/0001_orders_outbox_idempotency.sql" \
    -f "$root/services/Orders/Storage/Migrations/0002_seed_products.sql" \
    -f "$root/services/Payments/Storage/Migrations/0001_cards_and_payments.sql" >/dev/null
  local c out tps lat
  best_tps=0 best_c=0 best_lat=0
  pg_rows=""
  for c in 1 4 8 16 32; do
    out=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -n -M extended -c "$c" -j 2 -T "$pg_secs" \
      -f "$bench_dir/order.pgbench.sql" benchdb 2>&1) || { echo "$out" >&2; return 1; }
    echo "$out" >>"$work/logs/pgbench.log"
    tps=$(awk '/^tps = / { printf "%.0f", $3 }' <<<"$out")
    lat=$(awk '/^latency average = / { print $4 }' <<<"$out")
    log "  $c clients: $tps orders/s, average $lat ms"
    pg_rows+="| $c | $tps | $lat |"$'\n'
    if [ "$tps" -gt "$best_tps" ]; then best_tps=$tps; best_c=$c; best_lat=$lat; fi
  done
}

if wants hold; then
  start_stack current "$work/current" ""
  echo "holding: gateway http://127.0.0.1:${svc_port[gateway]}, orders-v1 pid ${svc_pid[orders-v1]}, orders-v2 pid ${svc_pid[orders-v2]}," \
    "payments pid ${svc_pid[payments]}, gateway pid ${svc_pid[gateway]}, ordersdb port $pg_port; Ctrl+C or SIGTERM to stop"
  while :; do sleep 1; done
fi
# The current services: the gateway benchmark first (an empty orders table), then the order load. The baseline's services
# (--baseline) run the same order load before them. pgbench runs last, alone: the services' idle pooled connections
# would otherwise count against PostgreSQL's max_connections.
if wants gateway || wants tokens || wants orders; then
  if wants orders && [ -n "$baseline_ref" ]; then
    start_stack baseline "$work/baseline" _base
    sleep 3; mem_idle
    order_bench before _base
    mem_before=$(memory_row "before ($baseline_commit)")
    stop_stack
  fi
  start_stack current "$work/current" ""
  sleep 3; mem_idle
  if wants gateway; then gateway_bench; fi
  if wants tokens; then token_bench; fi
  if wants orders; then
    order_bench now ""
    mem_now=$(memory_row "now ($head_commit$dirty)")
  fi
  stop_stack
  if wants orders; then pgbench_bench; fi
fi

if wants orders; then
  cat >>"$results" <<MD
## 2. Order placement: \`POST /api/orders\` through the gateway

wrk with \`tests/Benchmarks/orders.lua\` (a unique \`Idempotency-Key\` per request; 2 lines, 3 items; card 4242…, always
captured), ${level_secs} s per level, connections doubled from 1 to 128 (every level runs; the peak is the best level).
"Paid/s" is the growth of \`Paid\` orders in ordersdb during the level (the outbox dispatcher charging through payments).

| connections | accepted/s | paid/s | p50 (ms) | p99 (ms) | errors |
|---|---|---|---|---|---|
${now_rows}
After the last level the outbox still had ${now_backlog} orders to charge; it needed ${now_drain} s to charge them all.

**The database's own rate for the same work**: pgbench, \`tests/Benchmarks/order.pgbench.sql\` (every statement one
order costs in orders and payments, as the services send them: the idempotency lookup, the card insert, the one statement
that writes key, order, 2 lines and outbox record, the dispatch transaction with the payment lookups and insert, and the one
statement that updates the order and the outbox record), extended protocol, ${pg_secs} s per client count, same server.

| pgbench clients | orders/s | average latency (ms) |
|---|---|---|
${pg_rows}
| measure | value | goal |
|---|---|---|
| peak accepted/s (at $now_peak_c connections) | $now_peak_rps | |
| paid/s at that level | $now_peak_paid | |
| pgbench peak orders/s | $best_tps | |
| end-to-end accepted / pgbench | $(ratio "$now_peak_rps" "$best_tps") | ≥ 0.5 |
| best sustained rate over the levels: min(accepted, paid)/s | $now_best_sustained | |
| end-to-end sustained (accepted and paid) / pgbench | $(ratio "$now_best_sustained" "$best_tps") | ≥ 0.5 |
| at half the peak rate (offered ≈ $((now_peak_rps / 2))/s, 16 paced connections): served/s, p50, p99 (ms) | $now_half_rps, $now_half_p50, $now_half_p99 | p99 < 50 |

MD
  if [ -n "$baseline_ref" ]; then
    cat >>"$results" <<MD
### Before and after (same run, same machine)

The same order benchmark against the services built from \`$baseline_commit\` (before the optimisations) and from
\`$head_commit\`$dirty (now), one after the other on the same PostgreSQL server (fresh databases each).

| services | peak accepted/s | paid/s at that level | best sustained min(accepted, paid)/s | p50 / p99 at peak (ms) | p99 at half peak (ms) | outbox backlog after the ramp: orders, time to charge them (s) |
|---|---|---|---|---|---|---|
| before ($baseline_commit) | $before_peak_rps | $before_peak_paid | $before_best_sustained | $before_peak_p50 / $before_peak_p99 | $before_half_p99 | $before_backlog, $before_drain |
| now ($head_commit) | $now_peak_rps | $now_peak_paid | $now_best_sustained | $now_peak_p50 / $now_peak_p99 | $now_half_p99 | $now_backlog, $now_drain |
| now / before | $(ratio "$now_peak_rps" "$before_peak_rps") | $(ratio "$now_peak_paid" "$before_peak_paid") | $(ratio "$now_best_sustained" "$before_best_sustained") | | $(ratio "$now_half_p99" "$before_half_p99") | |

Before, rising concurrency:

| connections | accepted/s | paid/s | p50 (ms) | p99 (ms) | errors |
|---|---|---|---|---|---|
${before_rows}
MD
  fi
fi

if wants orders; then
  cat >>"$results" <<MD
## 3. Memory: working set (VmRSS, MiB) at idle / peak under the order load

Idle: 3 s after every service answered /health, before any load. Under load: the highest of samples every 0.5 s during the ramp.

| services | gateway | orders-v1 | orders-v2 | payments |
|---|---|---|---|---|
${mem_before:+$mem_before
}$mem_now

MD
fi

# -------------------------------------------------------------------------------------------------- 3. start-up
if wants startup; then
  log "start-up: tests/Benchmarks/startup.sh $startup_runs"
  if "$bench_dir/startup.sh" "$startup_runs" >"$work/logs/startup.log" 2>&1; then
    {
      echo "## 4. Start-up: run command to every resource healthy"
      echo
      sed -n '/^Measured by/,$p' "$root/docs/benchmarks-startup.md"
      echo
    } >>"$results"
  else
    tail -20 "$work/logs/startup.log" >&2
    printf '## 4. Start-up

`tests/Benchmarks/startup.sh %s` failed in this run: %s

' "$startup_runs" \
      "$(tail -1 "$work/logs/startup.log")" >>"$results"
  fi
elif [ -f "$root/docs/benchmarks-startup.md" ]; then
  {
    echo "## 4. Start-up: run command to every resource healthy"
    echo
    echo "Not run this time (\`--only\`); the last figures of \`tests/Benchmarks/startup.sh\`, from [benchmarks-startup.md](benchmarks-startup.md):"
    echo
    sed -n '/^Measured by/,$p' "$root/docs/benchmarks-startup.md"
    echo
  } >>"$results"
fi


# ------------------------------------------------------------------------------------------------------- report
out="$root/docs/benchmarks.md"
{
  cat <<MD
# Benchmarks

Measured by \`tests/Benchmarks/run.sh${baseline_ref:+ --baseline $baseline_ref}\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores,
$(free -g | awk '/Mem:/ {print $2}') GiB, load average before the run ${load_before:-n/a}, services at \`$head_commit\`$dirty.
Everything runs on loopback on the same machine: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') (durable commits, as the AppHost's
process mode runs it) and Redis as processes, the services as \`dotnet <dll>\` in Release with the environment the AppHost
injects, and the load generators. The machine is shared (colleagues build and test on it): **compare ratios measured in the
same run**, not absolute figures across runs. Telemetry is collected in-process but not exported (no OTLP endpoint).
How the order path was profiled and what was changed: [benchmarks-profile.md](benchmarks-profile.md).

MD
  cat "$results"
} >"$out"
log "wrote $out"
