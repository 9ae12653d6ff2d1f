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

source scripts/lib/one-terminal.sh
port=${LOYALTY_FUZZ_PORT:-8089}
one_terminal_begin "$PWD/run/fuzz-pos-api"
one_terminal_configure "$port" 64M 5 >/dev/null
one_terminal_spawn "$bin/loyalty-terminal" run --config "$work/terminal.json" 2>"$work/terminal.log"
one_terminal_wait_for_health "$port"
one_terminal_spawn "$bin/loyalty-sim" member-card --image "$work/card.json" 2>"$work/card.log"
for _ in $(seq 1 50); do [ "$(curl -s "http://127.0.0.1:$port/health" | jq -r .cardPresent)" = true ] && break; sleep 0.2; done
echo "fuzz: terminal on http://127.0.0.1:$port with member card M-000042 on its reader; work folder $work"

SCHEMATHESIS_HOOKS=checks PYTHONPATH="$PWD/Fuzz/pos-api" st run docs/pos-api.yaml \
  --url "http://127.0.0.1:$port" --mode positive --workers 1 \
  --checks all --exclude-checks positive_data_acceptance,ignored_auth \
  --request-timeout 30 --report junit,ndjson --report-dir "$work/report" "$@"
