#!/usr/bin/env bash
# Starts or stops a pcscd for development and tests.
#   scripts/pcscd.sh start   start `pcscd --foreground` unless one is running; wait until it answers
#   scripts/pcscd.sh stop    stop the pcscd this script started (one it did not start is left alone)
#   scripts/pcscd.sh status
set -euo pipefail
cd "$(dirname "$0")/.."
state=run/pcscd.started
socket=/run/pcscd/pcscd.comm
mkdir -p run

# Only the pcscd of this mount namespace (/run/pcscd): a store scenario's terminals run their own
# pcscds in namespaces of their own (docs/scenarios.md), which are not ours to start or stop.
ours=(-x --ns $$ --nslist mnt pcscd)
running() { pgrep "${ours[@]}" >/dev/null; }

case "${1:-status}" in
  start)
    if running; then
      echo "pcscd: already running (left as it is)"
    else
      pcscd --foreground >run/pcscd.log 2>&1 &
      echo $! >"$state"
      echo "pcscd: started (pid $(cat "$state"), log run/pcscd.log)"
    fi
    for _ in $(seq 1 100); do
      if [ -S "$socket" ] && running; then echo "pcscd: answering on $socket"; exit 0; fi
      sleep 0.1
    done
    echo "pcscd: did not come up; see run/pcscd.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$state" ]; then
      pid=$(cat "$state")
      rm -f "$state"
      # Tests may have restarted pcscd under a new pid: stop whichever one runs now.
      pkill "${ours[@]}" 2>/dev/null || true
      for _ in $(seq 1 30); do running || break; sleep 0.1; done
      # pcscd can take long to leave while its vpcd driver waits on a socket.
      pkill -KILL "${ours[@]}" 2>/dev/null || true
      echo "pcscd: stopped (started as pid $pid)"
    else
      echo "pcscd: not started by this script; left alone"
    fi
    ;;
  status)
    if running; then echo "pcscd: running (pid $(pgrep "${ours[@]}" | tr '\n' ' '))"; else echo "pcscd: not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
