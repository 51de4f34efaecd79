#!/usr/bin/env bash
# RealExtensionsIT runs the real pg_cron and pg_partman, which the embedded server binaries from Maven Central do
# not include: it starts its own cluster with Debian's PostgreSQL 15 server (/usr/lib/postgresql/15/bin) and
# Debian's postgresql-15-cron (pg_cron 1.4) and postgresql-15-partman (pg_partman 4.7). RealCorpusIT runs the
# plpgsql of Debian's postgresql-15-periods (periods 1.2) on the same server as a corpus of code nobody here
# wrote, and so the compiled queue triggers of postgresql-15-pgq3 (PgQ 3.5), the plpgsql of postgresql-15-pgq-node
# and postgresql-15-londiste-sql (londiste 3.8), and PostGIS topology's plpgsql and C (postgresql-15-postgis-3 with
# postgresql-15-postgis-3-scripts, PostGIS 3.3). This script installs the packages when they are missing (as root,
# or through password-less sudo). Run by Maven before the integration tests, next to ensure-pg-clients.sh.
#
# Unlike the sibling scripts it never stops the build: when the packages cannot be installed (no root, no network)
# it says so and exits 0, and RealExtensionsIT then FAILS (never skips) with the same advice. The other
# integration tests do not need these packages.
#
# Installing postgresql-15 on Debian would make postgresql-common create a "main" cluster on port 5432 and start
# it. The tests start their own cluster on a free port and need none, so before installing, this script tells
# postgresql-common not to create one (create_main_cluster = false in /etc/postgresql-common/createcluster.conf,
# only when that file does not already decide), and installs with policy-rc.d refusing service starts. A main
# cluster that already existed is left exactly as it was.
set -uo pipefail
. "$(dirname "$0")/install-common.sh"
bin=/usr/lib/postgresql/15/bin
ext=/usr/share/postgresql/15/extension
packages=(postgresql-15 postgresql-15-cron postgresql-15-partman postgresql-15-periods postgresql-15-pgq3 postgresql-15-pgq-node postgresql-15-londiste-sql
  postgresql-15-postgis-3 postgresql-15-postgis-3-scripts)
present() {
  case "$1" in
    postgresql-15) [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] ;;
    postgresql-15-cron) [ -f "$ext/pg_cron.control" ] && [ -f /usr/lib/postgresql/15/lib/pg_cron.so ] ;;
    postgresql-15-partman) [ -f "$ext/pg_partman.control" ] ;;
    postgresql-15-periods) [ -f "$ext/periods.control" ] && [ -f /usr/lib/postgresql/15/lib/periods.so ] ;;
    postgresql-15-pgq3) [ -f "$ext/pgq.control" ] && [ -f /usr/lib/postgresql/15/lib/pgq_triggers.so ] ;;
    postgresql-15-pgq-node) [ -f "$ext/pgq_node.control" ] ;;
    postgresql-15-londiste-sql) [ -f "$ext/londiste.control" ] ;;
    postgresql-15-postgis-3) [ -f /usr/lib/postgresql/15/lib/postgis-3.so ] && [ -f /usr/lib/postgresql/15/lib/postgis_topology-3.so ] ;;
    postgresql-15-postgis-3-scripts) [ -f "$ext/postgis_topology.control" ] && [ -f "$ext/postgis.control" ] ;;
  esac
}
ci_missing present "${packages[@]}"
[ ${#missing[@]} -eq 0 ] && exit 0

advice="RealExtensionsIT will fail: install Debian's ${missing[*]} (apt-get install ${missing[*]}) and run the tests again"
if ! ci_can_apt; then
  echo "viewswap tests: ${missing[*]} missing and $ci_problem; $advice" >&2
  exit 0
fi
echo "viewswap tests: installing Debian's ${missing[*]}" >&2
conf=/etc/postgresql-common/createcluster.conf
if ! grep -Eq '^[[:space:]]*create_main_cluster[[:space:]]*=' "$conf" 2>/dev/null; then
  "${as_root[@]}" mkdir -p /etc/postgresql-common
  echo 'create_main_cluster = false' | "${as_root[@]}" tee -a "$conf" >/dev/null
fi
# Refuse service starts during the install (exit 101 is policy-rc.d's "action forbidden"), unless the machine
# already has a policy of its own.
policy=/usr/sbin/policy-rc.d
ours=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null && "${as_root[@]}" chmod 755 "$policy" \
    && ours=true
fi
ok=true
ci_apt_install "${missing[@]}" || ok=false
if $ours; then
  "${as_root[@]}" rm -f "$policy"
fi
$ok || echo "viewswap tests: $ci_problem; $advice" >&2
for p in "${packages[@]}"; do
  present "$p" || echo "viewswap tests: $p still missing; $advice" >&2
done
exit 0
