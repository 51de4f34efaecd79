#!/usr/bin/env bash
# RestoreIT's two-major pg_upgrade (13 to 15) needs the old major's pg_controldata and pg_resetwal: pg_upgrade runs
# both on the old cluster (pg_resetwal -n refuses a data directory of another major), and the zonky binaries from
# Maven Central hold only initdb, pg_ctl and postgres. Debian 12 ships no PostgreSQL 13, Debian 11 (bullseye) does:
# this script downloads bullseye's postgresql-13 package with a private apt configuration (the system's sources are
# not touched; the Release file is checked against debian-archive-keyring) and extracts the two programs, which
# need nothing but libc, into $1 (target/pg13-tools). Never stops the build: when it cannot, it says so and
# RestoreIT then FAILS with the same advice.
set -uo pipefail
out=${1:?usage: ensure-pg13-tools.sh OUTDIR}
if [ -x "$out/pg_resetwal" ] && [ -x "$out/pg_controldata" ]; then exit 0; fi
advice="RestoreIT's 13-to-15 pg_upgrade needs PostgreSQL 13's pg_controldata and pg_resetwal in $out (from Debian 11's postgresql-13 package)"
work=$(mktemp -d) || { echo "$advice: no temporary directory"; exit 0; }
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main" \
  >"$work/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root" -q)
if ! (cd "$work" && apt-get "${apt_opts[@]}" update >"$work/log" 2>&1 \
  && apt-get "${apt_opts[@]}" download postgresql-13 >>"$work/log" 2>&1); then
  echo "$advice; downloading it failed:"; tail -5 "$work/log"; exit 0
fi
deb=$(ls "$work"/postgresql-13_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ] || ! dpkg-deb -x "$deb" "$work/x"; then echo "$advice; extracting it failed"; exit 0; fi
mkdir -p "$out.tmp" && chmod 755 "$out.tmp"
for p in pg_controldata pg_resetwal; do
  install -m 0755 "$work/x/usr/lib/postgresql/13/bin/$p" "$out.tmp/$p" || { echo "$advice; copying $p failed"; exit 0; }
done
rm -rf "$out" && mv "$out.tmp" "$out" && echo "PostgreSQL 13's pg_controldata and pg_resetwal in $out"
