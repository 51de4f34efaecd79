#!/usr/bin/env bash
# Some integration tests drive real PostgreSQL clients that nobody here wrote: psql runs the exported scripts
# and pgbench loads the database through the swap. The embedded server binaries from Maven Central do not
# include them, so the test build installs Debian's postgresql-client when they are missing (as root), and
# otherwise stops with a message saying what to install. Run by Maven before the integration tests.
set -euo pipefail
. "$(dirname "$0")/install-common.sh"
present() { command -v "$1" >/dev/null 2>&1; }
ci_missing present psql pgbench
[ ${#missing[@]} -eq 0 ] && exit 0
echo "viewswap tests: ${missing[*]} not found; installing Debian's postgresql-client" >&2
if ! ci_apt_install postgresql-client; then
  echo "viewswap tests need psql and pgbench ($ci_problem): install your distribution's PostgreSQL client" \
       "package (Debian/Ubuntu: apt-get install postgresql-client) and run the tests again" >&2
  exit 1
fi
ci_require_all present psql pgbench
