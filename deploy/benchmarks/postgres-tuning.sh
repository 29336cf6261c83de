#!/usr/bin/env bash
# PostgreSQL with its default settings against the settings PostgresTuning computes for prod (the postgresql.conf of
# deploy/kubernetes/overlays/prod), on the SQL of one order (tests/Benchmarks/order.pgbench.sql). The two alternate,
# ROUNDS times each, SECONDS s each, CLIENTS clients, on one fresh cluster (the data carries over: both see the same
# growing tables). Prints a markdown table.
#   deploy/benchmarks/postgres-tuning.sh [ROUNDS] [SECONDS] [CLIENTS]
set -euo pipefail
rounds=${1:-3} secs=${2:-30} clients=${3:-8}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work"; as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
"${as_pg[@]}" "$pg_bin/initdb" --pgdata="$work/pg" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# The ConfigMap's file, with the container-only settings swapped for this machine's.
sed -n 's/^    //p' "$root/deploy/kubernetes/overlays/prod/patches/configmap-postgres-files.yaml" | sed -n '/^#/,$p' >"$work/tuned.conf"
chown -R --reference="$work" "$work/tuned.conf" 2>/dev/null || true
pid=""
start() { # $1: default | tuned
  local extra=()
  if [ "$1" = tuned ]; then extra=(-c "config_file=$work/tuned.conf" -c "hba_file=$work/pg/pg_hba.conf" -c "data_directory=$work/pg"); fi
  "${as_pg[@]}" "$pg_bin/postgres" -D "$work/pg" "${extra[@]}" -c "port=$port" -c "listen_addresses=127.0.0.1" -c "unix_socket_directories=$work" >"$work/$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do "$pg_bin/pg_isready" -h 127.0.0.1 -p "$port" -q && return 0; sleep 0.1; done
  cat "$work/$1.log" >&2; return 1
}
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop 2>/dev/null; rm -rf "$work"' EXIT
psql_() { "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }

start default
psql_ -d postgres -c "create database benchdb"
psql_ -d benchdb -f "$root/services/Orders/Storage/Migrations/0001_orders_outbox_idempotency.sql" \
  -f "$root/services/Orders/Storage/Migrations/0002_seed_products.sql" \
  -f "$root/services/Payments/Storage/Migrations/0001_cards_and_payments.sql" >/dev/null
stop

echo "| round | settings | shared_buffers | orders/s | average latency (ms) |"
echo "|---|---|---|---|---|"
for round in $(seq "$rounds"); do
  for settings in default tuned; do
    start "$settings"
    buffers=$(psql_ -d postgres -c "show shared_buffers")
    out=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M extended -c "$clients" -j 2 -T "$secs" -f "$root/tests/Benchmarks/order.pgbench.sql" benchdb 2>&1)
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
    echo "| $round | $settings | $buffers | ${tps%.*} | $lat |"
    stop
  done
done
