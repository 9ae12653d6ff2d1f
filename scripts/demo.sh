#!/usr/bin/env bash
# Sets up a machine and runs the demo: virtual cards tapped on a virtual reader of a real
# pcscd, what the terminal sees of them, and a member card read and verified.
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
echo "== A member card: a TEST issuer personalises it, the terminal reads and verifies it"
work=run/demo
rm -rf "$work" && mkdir -p "$work"
"$bin/loyalty-sim" issuer create --out "$work/issuer.json"
"$bin/loyalty-sim" issuer personalise --issuer "$work/issuer.json" --out "$work/card.json" \
  --member M-000042 --issued 2026-01-01 --expires 2030-12-31 --birthday 07-14
"$bin/loyalty-sim" member-card --image "$work/card.json" &
sim_pid=$!
sleep 1.5
"$bin/loyalty-terminal" read-card --issuer "$work/issuer.json" --accept-test-cards --timeout 10

kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
echo
echo "Next: 'scripts/test.sh' runs the test suite; 'loyalty-terminal --help' lists the commands."
