# Sourced by scripts/checkout-demo.sh and scripts/fuzz-pos-api.sh: one terminal
# (`loyalty-terminal run`, standalone) on the first virtual reader of a real pcscd, with a member
# card personalised by a TEST issuer. Needs `bin` (the build products folder) set.

# Starts afresh in the folder $1 (absolute: paths in a configuration file are read relative to
# the file), with pcscd running; everything started with `one_terminal_spawn` is stopped on exit.
one_terminal_begin() {
  work=$1
  rm -rf "$work" && mkdir -p "$work"
  scripts/pcscd.sh start
  pids=()
  trap one_terminal_cleanup EXIT
}

one_terminal_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  scripts/pcscd.sh stop
}

# Runs a command in the background, stopped on exit.
one_terminal_spawn() {
  "$@" &
  pids+=($!)
}

# A TEST issuer, member card M-000042 (card.json) and terminal 1's credential, and the terminal's
# configuration (terminal.json): POS API on port $1, a journal of $2, taps waited for $3 s.
one_terminal_configure() {
  local port=$1 journal_size=$2 wait_seconds=$3
  "$bin/loyalty-sim" issuer create --out "$work/issuer.json"
  "$bin/loyalty-sim" issuer personalise --issuer "$work/issuer.json" --out "$work/card.json" \
    --member M-000042 --issued 2026-01-01 --expires 2030-12-31 --birthday 07-14
  "$bin/loyalty-sim" issuer enrol-terminal --issuer "$work/issuer.json" --id 1 --out "$work/terminal-credential.json"
  local programme_id
  programme_id=$(jq .programmeID "$work/issuer.json")
  cat > "$work/terminal.json" <<JSON
{
  "reader": "Virtual PCD 00 00",
  "journal": { "path": "$work/terminal.journal", "size": "$journal_size" },
  "programme": "embedded-demo",
  "trust": { "issuerFile": "$work/issuer.json", "programmeID": $programme_id, "acceptTestCards": true },
  "terminalCredentialFile": "$work/terminal-credential.json",
  "standalone": true,
  "posAPI": { "host": "127.0.0.1", "port": $port },
  "tap": { "defaultWaitSeconds": $wait_seconds },
  "logLevel": "warning"
}
JSON
}

# Waits (up to 20 s) until the terminal on port $1 answers its health check.
one_terminal_wait_for_health() {
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the terminal on port $1 did not answer within 20 s" >&2
  return 1
}
