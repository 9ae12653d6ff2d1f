#!/usr/bin/env bash
# Builds the libFuzzer target of the card profile's parsers (Fuzz/card-profile) and runs it
# over the committed corpus (Fuzz/corpus/card-profile).
#
#   scripts/fuzz-card-profile.sh                 # 1 000 000 runs
#   scripts/fuzz-card-profile.sh -max_total_time=60
#
# CardProfile and swift-crypto are built by SwiftPM with -sanitize=fuzzer (coverage for
# libFuzzer); the target itself is linked with swiftc, since it is not a package product.
# New inputs go to a temporary folder; the committed corpus is only read.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-card-fuzz
swift build -c release --scratch-path "$scratch" --target CardProfile -Xswiftc -sanitize=fuzzer
bin="$scratch/release"
# Only CardProfile and its dependencies (swift-crypto, DurableFile, swift-system) were built in
# this scratch folder.
mapfile -t objects < <(find "$bin"/ -path '*.build/*' -name '*.o')
includes=()
# swift-system's C module (CSystem), which SystemPackage imports publicly, keeps its module map in
# its checkout.
for modulemap in $(find "$bin"/ -name module.modulemap -path '*Crypto*') "$scratch"/checkouts/swift-system/Sources/CSystem/include/module.modulemap; do
    includes+=(-Xcc "-fmodule-map-file=$modulemap")
done
swiftc -O -sanitize=fuzzer -parse-as-library -I "$bin/Modules" "${includes[@]}" \
    Fuzz/card-profile/main.swift "${objects[@]}" -lstdc++ -o "$scratch/card-profile-fuzz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -eq 0 ]; then set -- -runs=1000000; fi
"$scratch/card-profile-fuzz" -print_final_stats=1 "$@" "$work" Fuzz/corpus/card-profile
