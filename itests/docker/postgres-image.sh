#!/usr/bin/env bash
# Builds a local Docker image tagged like the official postgres:<major>, for running the integration tests
# through Testcontainers on a machine whose Docker daemon reaches no image registry.
#
#   itests/docker/postgres-image.sh MAJOR BINARIES_JAR
#
# The image holds the zonky binaries (the same the embedded server runs), the host's C libraries they link,
# the host's /bin/sh, and an entrypoint that behaves as Testcontainers' PostgreSQLContainer expects of the
# official image: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, port 5432 (or `-c port=N`), password
# authentication from any host, and "database system is ready to accept connections" logged twice (once by
# the temporary server that checks the configuration, once by the real one). `docker import` of a root file
# system needs no registry and no `docker build`.
set -euo pipefail
major=${1:?usage: postgres-image.sh MAJOR BINARIES_JAR}
jar=$(realpath "${2:?usage: postgres-image.sh MAJOR BINARIES_JAR}")
tag="postgres:${major}"
label="io.viewswap.local-image=${major}"

if docker image inspect "$tag" --format '{{index .Config.Labels "io.viewswap.local-image"}}' 2>/dev/null \
    | grep -qx "$major"; then
  echo "docker image $tag (local, from $(basename "$jar")) is already there"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
pg="$root/usr/local/pgsql"
mkdir -p "$pg" "$root/bin" "$root/etc" "$root/tmp" "$root/var/lib/postgresql/data" "$root/var/run/postgresql"

# The binaries: a .txz inside the Maven artifact.
(cd "$work" && unzip -q -o "$jar" '*.txz' && tar -xJf ./*.txz -C "$pg")

# The host's /bin/sh and every shared library the binaries, their modules and the shell link, each at the
# path the loader looks for it (the zonky lib/ directory stays where the binaries' RPATH finds it).
cp -L /bin/sh "$root/bin/sh"
libs=$( { ldd /bin/sh; for f in "$pg"/bin/* "$pg"/lib/*.so* "$pg"/lib/postgresql/*.so; do ldd "$f" 2>/dev/null || true; done; } \
  | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | grep -v "^$pg" | sort -u)
for lib in $libs /lib64/ld-linux-x86-64.so.2; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
postgres:x:999:
GROUP

cat > "$root/usr/local/bin-entrypoint.sh" <<'ENTRY'
#!/bin/sh
# Like the official image's docker-entrypoint.sh for the parts Testcontainers relies on. Builtins only:
# the image has no coreutils.
set -e
PATH=/usr/local/pgsql/bin
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PATH PGDATA
if [ "$1" = postgres ]; then shift; fi
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}" > /tmp/pwfile
  initdb --username="$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C -D "$PGDATA" > /dev/null
  : > /tmp/pwfile
  printf '%s\n' "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    printf 'CREATE DATABASE "%s";\n' "$db" | postgres --single -D "$PGDATA" -j postgres > /dev/null
  fi
  # The temporary server, with no TCP listener, proves the configuration before the port opens.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' $*" -w start
  pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec postgres -c listen_addresses='*' "$@"
ENTRY
chmod 0755 "$root/usr/local/bin-entrypoint.sh"

tar --numeric-owner -C "$root" -cf "$work/root.tar" \
  --owner=0 --group=0 --exclude=./var/lib/postgresql --exclude=./var/run/postgresql --exclude=./tmp .
tar --numeric-owner -C "$root" -rf "$work/root.tar" --owner=999 --group=999 \
  ./var/lib/postgresql ./var/run/postgresql
tar --numeric-owner -C "$root" -rf "$work/root.tar" --owner=0 --group=0 --mode=1777 ./tmp

docker import \
  --change 'USER postgres' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change "LABEL $label" \
  --change 'ENTRYPOINT ["/usr/local/bin-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  "$work/root.tar" "$tag" > /dev/null
echo "built docker image $tag from $(basename "$jar") ($(du -sh "$work/root.tar" | cut -f1) root file system)"
