#!/usr/bin/env bash
# Builds the release binaries with the Swift runtime and Foundation linked in statically, so a
# device needs no Swift toolchain: only the system's libc, libstdc++/libgcc and libpcsclite.
#
#   scripts/release.sh                 # build, copy to dist/, show sizes and check the links
#   SCRATCH_PATH=.build-x scripts/release.sh   # use another build folder (default .build)
#
# dist/ then holds loyalty-terminal, loyalty-sim, the reader profiles (share/loyalty-terminal/
# readers, where the binary looks next to itself), the systemd unit and the docs (docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SCRATCH_PATH:-.build}"
products=(loyalty-terminal loyalty-sim)
flags=(-c release --static-swift-stdlib --scratch-path "$scratch")

for product in "${products[@]}"; do
    echo "release.sh: building $product (release, Swift runtime static)" >&2
    swift build "${flags[@]}" --product "$product"
done
bin="$(swift build "${flags[@]}" --show-bin-path)"

rm -rf dist
mkdir -p dist/bin dist/share/loyalty-terminal/readers dist/share/doc/loyalty-terminal dist/deploy
for product in "${products[@]}"; do
    cp "$bin/$product" "dist/bin/$product"
    # Debug symbols stay in the build folder; the device gets the stripped binary.
    strip --strip-unneeded "dist/bin/$product"
done
cp hardware/readers/*.json dist/share/loyalty-terminal/readers/
cp deploy/loyalty-terminal.service deploy/loyalty-terminal.sysusers dist/deploy/
cp docs/install.md docs/configuration.md docs/operations.md docs/pos-api.yaml dist/share/doc/loyalty-terminal/ 2>/dev/null || true
cp docs/examples/terminal.json dist/share/doc/loyalty-terminal/terminal.example.json

status=0
printf '%-18s %12s %12s\n' "binary" "unstripped" "stripped"
for product in "${products[@]}"; do
    printf '%-18s %12s %12s\n' "$product" "$(du -h "$bin/$product" | cut -f1)" "$(du -h "dist/bin/$product" | cut -f1)"
done
for product in "${products[@]}"; do
    echo "release.sh: shared libraries of $product:" >&2
    libraries="$(ldd "dist/bin/$product")"
    sed 's/^/  /' <<<"$libraries" >&2
    # Nothing of the Swift toolchain may be needed at run time.
    if grep -Ei 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|libicu|not found' <<<"$libraries"; then
        echo "release.sh: $product needs a library of the Swift toolchain (above)" >&2
        status=1
    fi
done
# The binaries start without the toolchain's libraries on the search path.
for product in "${products[@]}"; do
    if ! env -u LD_LIBRARY_PATH LD_LIBRARY_PATH= "dist/bin/$product" --help >/dev/null; then
        echo "release.sh: dist/bin/$product --help failed" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "release.sh: dist/ ready (no Swift library needed)" >&2
exit "$status"
