#!/usr/bin/env bash
# Starts (or stops) a Docker daemon for the `testcontainers` test profile, when none answers at DOCKER_HOST.
#
#   itests/docker/docker-daemon.sh start|stop STATE_DIR
#
# The daemon gets a socket, data and exec root of its own under STATE_DIR, and no bridge and no iptables
# rules: the test containers run on the host's network and listen on loopback ports, so nothing is routed off
# the loopback range and the machine's own Docker set-up (if any) is left alone. Debian's docker.io is
# installed when dockerd is missing and we are root. `stop` ends only a daemon this script started.
#
# STATE_DIR must be this user's own (the pom puts it under target/, not the shared temp directory): it
# is created with mode 0700 and refused if it is a link, belongs to another user or others can write it.
# `stop` signals the pid in its pid file only when that pid is a dockerd of this user started with this
# very pid file: a pid planted by someone else is never signalled.
set -euo pipefail
action=${1:?usage: docker-daemon.sh start|stop STATE_DIR}
state=$(realpath -m "${2:?usage: docker-daemon.sh start|stop STATE_DIR}")
sock=${DOCKER_HOST#unix://}
pidfile="$state/dockerd.pid"

# The state directory: ours, 0700, not a link, and its parent not writable by others.
own_state_dir() {
  local parent
  parent=$(dirname "$state")
  mkdir -p "$parent"
  if [ -L "$state" ]; then echo "refusing $state: it is a symbolic link" >&2; exit 1; fi
  if [ ! -e "$state" ]; then mkdir -m 700 "$state"; fi
  if [ "$(stat -c %u "$state")" != "$(id -u)" ] || [ "$(stat -c %a "$state")" != 700 ]; then
    echo "refusing $state: it must belong to uid $(id -u) with mode 0700" \
         "(it is uid $(stat -c %u "$state"), mode $(stat -c %a "$state"))" >&2
    exit 1
  fi
  case "$(stat -c %A "$parent")" in
    ?????w????|????????w?) [ -k "$parent" ] || { echo "refusing $state: $parent can be written by others" >&2; exit 1; } ;;
  esac
}

# Is this pid a dockerd of ours, started with our pid file? Only then is it ours to stop.
ours() {
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(stat -c %u "/proc/$pid")" = "$(id -u)" ] || return 1
  [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" = dockerd ] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "$pidfile"
}

answers() { docker -H "unix://$sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

case "$action" in
  start)
    if answers; then
      echo "docker daemon at $DOCKER_HOST answers"
      exit 0
    fi
    own_state_dir
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
      if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "the testcontainers profile needs a Docker daemon at $DOCKER_HOST, or dockerd to start one" \
             "(Debian/Ubuntu: apt-get install docker.io)" >&2
        exit 1
      fi
      echo "installing Debian's docker.io for the testcontainers profile" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq --no-install-recommends docker.io >&2
    fi
    if [ "$(id -u)" -ne 0 ]; then
      echo "no Docker daemon answers at $DOCKER_HOST, and only root can start one" >&2
      exit 1
    fi
    case "$sock" in
      "$state"/*) ;;
      *) echo "refusing DOCKER_HOST $DOCKER_HOST: the socket of a daemon started here must be in $state" >&2; exit 1 ;;
    esac
    nohup dockerd -H "unix://$sock" --pidfile "$pidfile" --bridge=none --iptables=false --ip6tables=false \
      --data-root "$state/data" --exec-root "$state/exec" > "$state/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      if answers; then
        echo "started a docker daemon at $DOCKER_HOST (log: $state/dockerd.log)"
        exit 0
      fi
      sleep 1
    done
    echo "dockerd did not answer at $DOCKER_HOST within 60 s; its log:" >&2
    tail -20 "$state/dockerd.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ] && [ ! -L "$pidfile" ]; then
      pid=$(head -c 32 "$pidfile" | tr -dc 0-9)
      if ! ours "$pid"; then
        echo "not stopping pid ${pid:-?} from $pidfile: it is not a dockerd this script started" >&2
        exit 0
      fi
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$pidfile" "$sock"
      echo "stopped the docker daemon at $DOCKER_HOST"
    fi
    ;;
  *)
    echo "usage: docker-daemon.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
