# Sourced by the .ci/ensure-*.sh scripts, each of which installs what some integration tests need when it is
# missing. What they share lives here, once: which of their items are missing, how to act as root (directly, or
# through password-less sudo), installing Debian packages (apt-get update first, then install without the
# recommended packages, waiting for an apt-get that another build runs at the same time rather than failing on
# its lock), and why nothing could be installed (no root, no apt-get, or apt-get failed, as when offline). Each
# script still decides what to say and whether to stop the build.

# ci_missing CHECK ITEM...: sets the array `missing` to the items for which the function `CHECK ITEM` fails.
ci_missing() {
  local check=$1 item
  shift
  missing=()
  for item in "$@"; do
    "$check" "$item" || missing+=("$item")
  done
}

# ci_find_root: sets the array `as_root` to the prefix that runs a command as root (none when this is root,
# `sudo -n` with password-less sudo); returns 1, with `ci_problem` saying why, when there is neither.
ci_find_root() {
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    ci_problem="neither root nor password-less sudo"
    return 1
  fi
}

# ci_can_apt: ci_find_root, and apt-get is here; returns 1, with `ci_problem` saying why, otherwise.
ci_can_apt() {
  ci_find_root || return 1
  if ! command -v apt-get >/dev/null 2>&1; then
    ci_problem="no apt-get here"
    return 1
  fi
}

# ci_apt_install PACKAGE...: installs Debian's packages as root, apt-get's output on stderr. Another apt-get
# holding the lock (a parallel build installing too) is waited for, up to 10 minutes. Returns 1, with
# `ci_problem` saying why, when it cannot install them.
ci_apt_install() {
  ci_can_apt || return 1
  local apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  # A failed update (offline, say) still leaves the install a chance with the lists and packages on hand.
  "${apt[@]}" update -qq >&2 || true
  if ! "${apt[@]}" install -y -qq --no-install-recommends "$@" >&2; then
    ci_problem="apt-get could not install $* (offline?)"
    return 1
  fi
}

# ci_require_all CHECK ITEM...: exits 1, naming it, at the first item that `CHECK ITEM` still fails after an
# install.
ci_require_all() {
  local check=$1 item
  shift
  for item in "$@"; do
    "$check" "$item" || { echo "viewswap tests: $item still missing after the install" >&2; exit 1; }
  done
}
