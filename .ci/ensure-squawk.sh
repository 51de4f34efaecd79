#!/usr/bin/env bash
# The integration tests lint every exported script with squawk (a PostgreSQL migration linter) at one pinned
# version. Nobody installs it by hand: this script installs the npm package squawk-cli into the directory given
# as its argument (the pom passes a per-user cache, so it is downloaded once) and checks that the binary runs.
# When npm is missing it installs Debian's npm (as root), else stops with a message saying what to install.
# Run by Maven before the integration tests.
set -euo pipefail
. "$(dirname "$0")/install-common.sh"
version=2.66.0
dir=${1:?usage: ensure-squawk.sh DIR}
bin="$dir/node_modules/.bin/squawk"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -qx "squawk $version"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "viewswap tests: npm not found; installing Debian's npm to fetch squawk-cli" >&2
  if ! ci_apt_install npm; then
    echo "viewswap tests need npm to install squawk-cli@$version ($ci_problem): install Node.js and npm" \
         "(Debian/Ubuntu: apt-get install npm) and run the tests again" >&2
    exit 1
  fi
fi
echo "viewswap tests: installing squawk-cli@$version into $dir" >&2
mkdir -p "$dir"
if ! npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "squawk-cli@$version" >&2; then
  echo "viewswap tests: npm could not install squawk-cli@$version (offline?): run the tests once with the" \
       "npm registry reachable, or install it into $dir by hand" >&2
  exit 1
fi
"$bin" --version 2>/dev/null | grep -qx "squawk $version" || {
  echo "viewswap tests: $bin does not run after the install" >&2
  exit 1
}
