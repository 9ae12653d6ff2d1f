#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and run LoyaltyTerminal.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  pkg-config
  libpcsclite-dev   # the PC/SC library the driver layer links against
  pcscd             # the PC/SC daemon (the real one, also in tests)
  vsmartcard-vpcd   # virtual reader driver: loyalty-sim plays the card on it
  libsqlite3-dev    # journal benchmark's SQLite reference
  zlib1g-dev        # compression of sync batches (compress-nio links zlib)
  postgresql        # back office store tests start their own PostgreSQL server
  curl              # the checkout demo plays the POS with it
  jq                # and shows the terminal's answers with it
  python3           # scripts/module-graph.py checks docs/architecture.md against Package.swift
  util-linux        # unshare: a store scenario runs each terminal's pcscd in its own mount namespace
  mount             # (and bind-mounts its /run/pcscd)
  openssl           # the attacker-in-the-middle tests make the attacker's certificate authority with it
  python3-pip       # scripts/schemathesis.sh installs Schemathesis (PyPI) with it
  chromium          # the console's browser tests load every page in a real headless browser
  chromium-driver   # and drive it through WebDriver (chromedriver)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  echo "setup: the Swift toolchain (6.1 or later) is needed: https://www.swift.org/install/linux/" >&2
  exit 1
fi
echo "setup: all packages present"

# The virtual readers listen on fixed ports: 35963-35964 for the machine's pcscd, 35965-35980 for
# the store simulator's terminals. Keep the kernel from handing these out as ephemeral ports to
# other programs (a test's PostgreSQL or back office picks a free port and could take one).
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ -w "$reserved" ] && ! grep -q "35963-35990" "$reserved"; then
  current=$(cat "$reserved")
  echo "${current:+$current,}35963-35990" > "$reserved" 2>/dev/null \
    && echo "setup: ports 35963-35990 kept for the virtual readers" \
    || echo "setup: could not reserve ports 35963-35990 (a store run may meet one in use)" >&2
fi
