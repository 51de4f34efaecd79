#!/usr/bin/env bash
# The application-side tests (issue 11) run real components that nobody here wrote: PgBouncer in transaction
# pooling mode in front of the embedded server, and the frameworks `viewswap repoint` gives advice for
# (ActiveRecord, Django, SQLAlchemy) as the old and the new release, and Alembic, which runs the revisions
# `viewswap export --format alembic` writes (issue 20). None of them comes from Maven Central, so
# the test build installs Debian's packages when they are missing (as root), and otherwise stops with a message
# saying what to install. Run by Maven before the integration tests, next to ensure-pg-clients.sh.
# Debian's packages install into /usr/bin/python3 and /usr/bin/ruby, which the tests call by that path (a
# pyenv or rbenv first on PATH would not see them).
set -euo pipefail
. "$(dirname "$0")/install-common.sh"
packages=(pgbouncer ruby ruby-activerecord ruby-pg python3 python3-django python3-sqlalchemy python3-psycopg2
  python3-alembic)
present() {
  case "$1" in
    pgbouncer) command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] ;;
    ruby) [ -x /usr/bin/ruby ] ;;
    ruby-activerecord) [ -x /usr/bin/ruby ] && /usr/bin/ruby -e 'require "active_record"' >/dev/null 2>&1 ;;
    ruby-pg) [ -x /usr/bin/ruby ] && /usr/bin/ruby -e 'require "pg"' >/dev/null 2>&1 ;;
    python3) [ -x /usr/bin/python3 ] ;;
    python3-django) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import django' >/dev/null 2>&1 ;;
    python3-sqlalchemy) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sqlalchemy' >/dev/null 2>&1 ;;
    python3-psycopg2) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 ;;
    python3-alembic) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import alembic' >/dev/null 2>&1 ;;
  esac
}
ci_missing present "${packages[@]}"
[ ${#missing[@]} -eq 0 ] && exit 0
echo "viewswap tests: installing Debian's ${missing[*]}" >&2
if ! ci_apt_install "${missing[@]}"; then
  echo "viewswap tests need ${missing[*]} ($ci_problem): on Debian/Ubuntu run" \
       "apt-get install ${missing[*]} and run the tests again" >&2
  exit 1
fi
# The package starts a pgbouncer service on port 6432; the tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then
  systemctl stop pgbouncer >/dev/null 2>&1 || true
fi
ci_require_all present "${packages[@]}"
