#!/usr/bin/env bash
# A year in a store, as a soak: scenarios/year-store.json (three tills, three hundred members,
# 365 days of shop time, the programme replaced mid-year, faults of every kind, every rule of
# the programme required to fire) on each seed given, one after the other. It stops at the first
# failed run and names its seed and work folder; keep that seed as a test.
#   scripts/soak-year.sh [SEED ...]        (default: the file's own seed)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --product loyalty-sim
swift build --product loyalty-terminal
swift build --product loyalty-backoffice
bin=$(swift build --show-bin-path)

seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(2027)
for seed in "${seeds[@]}"; do
  work="$PWD/run/year-store-$seed"
  rm -rf "$work"
  mkdir -p "$(dirname "$work")"
  echo "soak: year-store seed $seed in $work"
  started=$(date +%s)
  if ! "$bin/loyalty-sim" store --scenario scenarios/year-store.json --seed "$seed" --work-dir "$work" --time-limit 1800 \
    > "$work.report.txt"; then
    tail -n 60 "$work.report.txt"
    echo "soak: FAILED on seed $seed after $(( $(date +%s) - started )) s (report: $work.report.txt, work folder: $work)"
    exit 1
  fi
  grep -A40 "^shop time:" "$work.report.txt" | sed -n '1,40p'
  echo "soak: seed $seed passed in $(( $(date +%s) - started )) s"
done
