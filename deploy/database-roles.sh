#!/usr/bin/env bash
# Gives each service's database to its own PostgreSQL role in a cluster, as the AppHost does for local runs
# (AppHost/Infrastructure/DatabaseOwnership.cs): the role is created (or its password reset), owns its database and
# everything in it, and no other role may connect. Idempotent: run it after the first deploy and after every password
# rotation; the services' pods restart until their role exists.
#   ORDERSDB_PASSWORD=... PAYMENTSDB_PASSWORD=... IDENTITYDB_PASSWORD=... NAMESPACE=referenceapp-dev deploy/database-roles.sh
# The passwords are the ones in the *-login-connection Secrets (deploy/kubernetes/SECRETS.md). They travel on psql's
# standard input, never on a command line. PSQL overrides how psql is reached (default: kubectl exec into postgres-0).
set -euo pipefail
: "${ORDERSDB_PASSWORD:?}" "${PAYMENTSDB_PASSWORD:?}" "${IDENTITYDB_PASSWORD:?}"
namespace=${NAMESPACE:-referenceapp}
read -r -a psql <<< "${PSQL:-kubectl -n $namespace exec -i postgres-0 -- psql -U postgres}"

# One database: role, database, ownership, and the door closed to everyone else.
own() {
  local role=$1 database=$2 password=$3
  "${psql[@]}" -v ON_ERROR_STOP=1 -q -d postgres <<SQL
\set role '$role'
\set database '$database'
\set password '$password'
select format('create role %I', :'role') where not exists (select from pg_roles where rolname = :'role') \gexec
select format('alter role %I with login nosuperuser nocreatedb nocreaterole password %L', :'role', :'password') \gexec
select format('create database %I owner %I', :'database', :'role') where not exists (select from pg_database where datname = :'database') \gexec
select format('alter database %I owner to %I', :'database', :'role') \gexec
select format('revoke all on database %I from public', :'database') \gexec
select format('grant connect, temporary on database %I to %I', :'database', :'role') \gexec
\connect :database
select format('alter table %I.%I owner to %I', n.nspname, c.relname, :'role')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_toast%'
  and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  and c.relowner <> (select oid from pg_roles where rolname = :'role')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) \gexec
SQL
  echo "role $role owns $database"
}

for pw in "$ORDERSDB_PASSWORD" "$PAYMENTSDB_PASSWORD" "$IDENTITYDB_PASSWORD"; do
  [[ $pw =~ ^[A-Za-z0-9]+$ ]] || { echo "Passwords must be alphanumeric (as the AppHost generates them)." >&2; exit 1; }
done
own orders ordersdb "$ORDERSDB_PASSWORD"
own payments paymentsdb "$PAYMENTSDB_PASSWORD"
own identity identitydb "$IDENTITYDB_PASSWORD"
