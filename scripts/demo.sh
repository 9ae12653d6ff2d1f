#!/usr/bin/env bash
# Sets up a machine and runs the demo: a short whole-store scenario (scenarios/demo-store.json)
# with loyalty-sim store. A back office and three terminal processes, each with its own pcscd
# and virtual reader, serve thirty members; the network of one terminal goes down, another
# loses power, the back office restarts and a card is copied. At the end the simulator checks
# that the back office holds every transaction exactly once, that every balance agrees and
# that the copy was caught, then prints its report and where to look next.
# scripts/checkout-demo.sh shows a single checkout step by step instead.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "demo: building (the first build takes several minutes)"
for product in loyalty-terminal loyalty-backoffice loyalty-sim; do swift build --product "$product"; done
bin=$(swift build --show-bin-path)

work="$PWD/run/store"
rm -rf "$work"
echo
"$bin/loyalty-sim" store --scenario scenarios/demo-store.json --work-dir "$work"
