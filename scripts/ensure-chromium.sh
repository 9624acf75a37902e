#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no test tool downloads a browser here). Installs it,
# with a font for the Chinese interface, when it is missing and this user may use apt-get.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
packages=(chromium fonts-wqy-zenhei)
if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "Installing ${packages[*]} for the browser tests (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
elif command -v sudo > /dev/null && sudo -n true 2> /dev/null && command -v apt-get > /dev/null; then
  echo "Installing ${packages[*]} for the browser tests (sudo apt-get)…"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
else
  echo "The browser tests need Chromium at $browser: install Debian's chromium package, or set CHROMIUM_PATH." >&2
  exit 1
fi
