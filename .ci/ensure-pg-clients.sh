#!/usr/bin/env bash
# Some integration tests drive real PostgreSQL clients that nobody here wrote: psql runs the exported scripts
# and pgbench loads the database through the swap. The embedded server binaries from Maven Central do not
# include them, so the test build installs Debian's postgresql-client when they are missing (as root), and
# otherwise stops with a message saying what to install. Run by Maven before the integration tests.
set -euo pipefail
missing=()
for tool in psql pgbench; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "viewswap tests: ${missing[*]} not found; installing Debian's postgresql-client" >&2
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql-client >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  sudo -n apt-get update -qq >&2
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client >&2
else
  echo "viewswap tests need psql and pgbench: install your distribution's PostgreSQL client package" \
       "(Debian/Ubuntu: apt-get install postgresql-client) and run the tests again" >&2
  exit 1
fi
for tool in psql pgbench; do
  command -v "$tool" >/dev/null 2>&1 || { echo "viewswap tests: $tool still missing after the install" >&2; exit 1; }
done
