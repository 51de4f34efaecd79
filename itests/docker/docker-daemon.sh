#!/usr/bin/env bash
# Starts (or stops) a Docker daemon for the `testcontainers` test profile, when none answers at DOCKER_HOST.
#
#   itests/docker/docker-daemon.sh start|stop STATE_DIR
#
# The daemon gets a socket, data and exec root of its own under STATE_DIR, and no bridge and no iptables
# rules: the test containers run on the host's network and listen on loopback ports, so nothing is routed off
# the loopback range and the machine's own Docker set-up (if any) is left alone. Debian's docker.io is
# installed when dockerd is missing and we are root. `stop` ends only a daemon this script started.
set -euo pipefail
action=${1:?usage: docker-daemon.sh start|stop STATE_DIR}
state=$(realpath -m "${2:?usage: docker-daemon.sh start|stop STATE_DIR}")
sock=${DOCKER_HOST#unix://}
pidfile="$state/dockerd.pid"

answers() { docker -H "unix://$sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

case "$action" in
  start)
    if answers; then
      echo "docker daemon at $DOCKER_HOST answers"
      exit 0
    fi
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
    mkdir -p "$state" "$(dirname "$sock")"
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
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
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
