#!/usr/bin/env bash
# Start a local PostgreSQL (Debian packages) on loopback for the store tests, idempotently,
# and print its URL on the last line. Used by .ci/run; safe to run again.
set -euo pipefail
ROLE=${DETENTE_PG_ROLE:-detente}
PASS=${DETENTE_PG_PASSWORD:-detente}
DB=${DETENTE_PG_DB:-detente_test}
PORT=${DETENTE_PG_PORT:-5432}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if command -v pg_lsclusters >/dev/null 2>&1; then
  ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
    pg_createcluster "$ver" main --start -- --auth-local=trust >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster "$ver" main start
  fi
else
  echo "start_postgres: pg_lsclusters not found (install Debian postgresql)" >&2
  exit 1
fi

for _ in $(seq 1 30); do
  as_postgres "pg_isready -q -h 127.0.0.1 -p $PORT" && break
  sleep 1
done

as_postgres "psql -p $PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 \
  || as_postgres "psql -p $PORT -qc \"CREATE ROLE $ROLE LOGIN PASSWORD '$PASS' SUPERUSER\""
as_postgres "psql -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" | grep -q 1 \
  || as_postgres "createdb -p $PORT -O $ROLE $DB"

echo "postgresql://$ROLE:$PASS@127.0.0.1:$PORT/$DB"
