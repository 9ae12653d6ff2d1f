#!/usr/bin/env bash
# Fuzzes the POS API against its document with Schemathesis (from PyPI), as an outside
# integrator would: a terminal (`loyalty-terminal run`) on a virtual reader of a real pcscd,
# a member card left on the reader, and Schemathesis sending requests generated from
# docs/pos-api.yaml. It fails on a server error, an answer the document does not describe, or a
# request that fits the schema refused for a reason the document does not give
# (Fuzz/pos-api/checks.py).
#   scripts/fuzz-pos-api.sh [--max-examples N] [--seed N] [other `st run` options]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
if ! command -v st >/dev/null || ! python3 -c "import schemathesis" 2>/dev/null; then
  echo "fuzz: installing schemathesis (PyPI)"
  python3 -m pip install -q schemathesis
fi
swift build --product loyalty-terminal
swift build --product loyalty-sim
bin=$(swift build --show-bin-path)

work="$PWD/run/fuzz-pos-api"
port=${LOYALTY_FUZZ_PORT:-8089}
rm -rf "$work" && mkdir -p "$work"
scripts/pcscd.sh start
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  scripts/pcscd.sh stop
}
trap cleanup EXIT

"$bin/loyalty-sim" issuer create --out "$work/issuer.json" >/dev/null
"$bin/loyalty-sim" issuer personalise --issuer "$work/issuer.json" --out "$work/card.json" \
  --member M-000042 --issued 2026-01-01 --expires 2030-12-31 --birthday 07-14 >/dev/null
"$bin/loyalty-sim" issuer enrol-terminal --issuer "$work/issuer.json" --id 1 --out "$work/terminal-credential.json" >/dev/null
programme_id=$(jq .programmeID "$work/issuer.json")
cat > "$work/terminal.json" <<JSON
{
  "reader": "Virtual PCD 00 00",
  "journal": { "path": "$work/terminal.journal", "size": "64M" },
  "programme": "embedded-demo",
  "trust": { "issuerFile": "$work/issuer.json", "programmeID": $programme_id, "acceptTestCards": true },
  "terminalCredentialFile": "$work/terminal-credential.json",
  "standalone": true,
  "posAPI": { "host": "127.0.0.1", "port": $port },
  "tap": { "defaultWaitSeconds": 5 },
  "logLevel": "warning"
}
JSON
"$bin/loyalty-terminal" run --config "$work/terminal.json" 2>"$work/terminal.log" &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
"$bin/loyalty-sim" member-card --image "$work/card.json" 2>"$work/card.log" &
pids+=($!)
for _ in $(seq 1 50); do [ "$(curl -s "http://127.0.0.1:$port/health" | jq -r .cardPresent)" = true ] && break; sleep 0.2; done
echo "fuzz: terminal on http://127.0.0.1:$port with member card M-000042 on its reader; work folder $work"

SCHEMATHESIS_HOOKS=checks PYTHONPATH="$PWD/Fuzz/pos-api" st run docs/pos-api.yaml \
  --url "http://127.0.0.1:$port" --mode positive --workers 1 \
  --checks all --exclude-checks positive_data_acceptance,ignored_auth \
  --request-timeout 30 --report junit,ndjson --report-dir "$work/report" "$@"
