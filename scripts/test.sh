#!/usr/bin/env bash
# Sets up a machine and runs the whole test suite through the real components:
# libpcsclite, a real pcscd with the vsmartcard-vpcd driver, real files and fsync.
# After the Swift suite, Schemathesis runs against both API documents (scripts/schemathesis.sh);
# it is left out when swift test arguments narrow the run.
#   scripts/test.sh [extra swift test arguments, e.g. --filter CardStackTests]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "test: the module graph in docs/architecture.md is Package.swift's"
scripts/module-graph.py --check
echo "test: the code is as swift-format (.swift-format) writes it"
swift format lint --strict --recursive --parallel Sources Simulator Benchmarks Tests Package.swift
echo "test: building (the first build takes several minutes)"
swift build --build-tests

scripts/pcscd.sh start
trap 'scripts/pcscd.sh stop' EXIT

echo "test: running the suite"
swift test --skip-build "$@"

if (($# == 0)); then
  echo "test: Schemathesis against docs/pos-api.yaml and docs/backoffice-api.yaml"
  scripts/schemathesis.sh
fi
