#!/usr/bin/env bash
# Sets up a machine and runs the demo: a virtual member card tapped on a virtual reader of a
# real pcscd, and what the terminal sees of it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "demo: building (the first build takes several minutes)"
swift build --product loyalty-terminal
swift build --product loyalty-sim
bin=$(swift build --show-bin-path)

scripts/pcscd.sh start
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  scripts/pcscd.sh stop
}
trap cleanup EXIT

echo
echo "== The readers before any card is tapped"
"$bin/loyalty-terminal" readers || true

echo
echo "== A card taps the first virtual reader"
"$bin/loyalty-sim" card --uid 04A1B2C3D4E5F6 &
sim_pid=$!
sleep 1.5
"$bin/loyalty-terminal" readers

echo
echo "== The same, as JSON for tools"
"$bin/loyalty-terminal" readers --json

kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
echo
echo "Next: 'scripts/test.sh' runs the test suite; 'loyalty-terminal --help' lists the commands."
