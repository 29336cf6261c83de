-- Gives one service's database to its own PostgreSQL role, by the rules of the AppHost's local provisioning
-- (AppHost/Infrastructure/DatabaseOwnership.cs): the role exists with this password, can log in and nothing more; it
-- owns its database and every table, view and sequence in it; nobody else (PUBLIC) may connect. Idempotent: a second
-- run finds everything in place and changes nothing (only the password's SCRAM verifier gets a new salt).
--
-- Run by the Job postgres-roles (deploy/kubernetes/base/postgres-roles), as the superuser (PGHOST, PGPORT, PGUSER,
-- PGPASSWORD, PGDATABASE in the environment), once per service:
--   psql -X -q -v ON_ERROR_STOP=1 -v login=ORDERSDB_LOGIN -f own-database.sql
-- where the environment variable named by `login` holds the service's own connection string, from the same Secret
-- the service reads (ordersdb-login-connection): Username is the role, Password its password, Database its database.
-- The password never appears in this file, in the ConfigMap or on a command line.
\set ON_ERROR_STOP on
\set QUIET on

\getenv connection :login
\if :{?connection}
\else
  \set connection ''
\endif

-- The connection string's Username, Password and Database, each required and not empty; a missing one fails the run
-- (and so the Job).
create temporary table login_keys as
select key, nullif(substring(';' || :'connection' from ';\s*' || key || '=([^;]*)'), '') as value
from (values ('Username'), ('Password'), ('Database')) as keys(key);
\unset connection

select format('do $fail$ begin raise exception %L; end $fail$',
              format('%s: no %s in the connection string (is the variable set from its Secret?)', :'login', string_agg(key, ', ')))
from login_keys where value is null
having count(*) > 0 \gexec

select max(value) filter (where key = 'Username') as role,
       max(value) filter (where key = 'Password') as password,
       max(value) filter (where key = 'Database') as database
from login_keys \gset
drop table login_keys;

-- The role: created when missing; its attributes and password set every time (a rotated password takes effect).
select format('create role %I', :'role') where not exists (select from pg_roles where rolname = :'role') \gexec
select format('alter role %I with login nosuperuser nocreatedb nocreaterole password %L', :'role', :'password') \gexec
\unset password

-- The database: created owned by the role, or given to it; closed to everyone but the role.
select format('create database %I owner %I', :'database', :'role') where not exists (select from pg_database where datname = :'database') \gexec
select format('alter database %I owner to %I', :'database', :'role') \gexec
select format('revoke all on database %I from public', :'database') \gexec
select format('grant connect, temporary on database %I to %I', :'database', :'role') \gexec

-- Everything a superuser created in it before (an older data folder, a migration journal) becomes the role's, so its
-- migrations can alter it; a sequence behind an identity or serial column follows its table.
\connect :database
select format('alter table %I.%I owner to %I', n.nspname, c.relname, :'role')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_toast%'
  and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  and c.relowner <> (select oid from pg_roles where rolname = :'role')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
order by n.nspname, c.relname \gexec

\echo role :role owns :database
