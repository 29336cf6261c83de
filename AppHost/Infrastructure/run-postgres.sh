#!/usr/bin/env bash
# Runs PostgreSQL as a local process for the AppHost's process mode.
# Usage: run-postgres.sh DATA_DIR BIN_DIR   (the port comes from PGPORT, chosen by the orchestrator)
# PostgreSQL refuses to run as root, so as root the data folder belongs to 'postgres' and the server runs as that user.
# Each step ends in exec, so the orchestrator's SIGTERM reaches postgres itself and no orphan is left.
set -euo pipefail
data_dir=$1
bin_dir=$2
: "${PGPORT:?PGPORT must be set}"

as_owner=()
mkdir -p "$data_dir"
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "run-postgres.sh: running as root needs the 'postgres' user (apt-get install -y postgresql creates it)" >&2
    exit 1
  fi
  chown postgres:postgres "$data_dir"
  chmod 700 "$data_dir"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  if ! "${as_owner[@]}" test -w "$data_dir"; then
    echo "run-postgres.sh: the postgres user cannot reach $data_dir; every folder above it must be searchable by others (chmod o+x), or set Infrastructure:DataDirectory elsewhere" >&2
    exit 1
  fi
fi

if [ ! -f "$data_dir/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

# Who may sign in, rewritten at every start so an older data folder gets it too: the AppHost's superuser without a
# password (loopback only: it creates the roles and databases), every other role (one per service) with its password.
cat > "$data_dir/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER      ADDRESS        METHOD
host    all       postgres  127.0.0.1/32   trust
host    all       all       127.0.0.1/32   scram-sha-256
HBA
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data_dir/pg_hba.conf"
fi
chmod 600 "$data_dir/pg_hba.conf"

# Loopback only, no unix socket (its default folder may not be writable); fsync stays on: data must survive crashes.
exec "${as_owner[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200
