#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no test tool downloads a browser here). Installs it,
# and fonts for every script the patient page speaks (Chinese; Thai and Arabic from Noto; Latin
# and Cyrillic, Mongolian included, from DejaVu), when missing and this user may use apt-get;
# and poppler's pdftotext, which the receipt tests read a receipt PDF's text with.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
packages=()
[ -x "$browser" ] || packages+=(chromium)
# fc-list answers by language: a script without a font would show as empty boxes.
has_font() { command -v fc-list > /dev/null && [ -n "$(fc-list ":lang=$1" family 2> /dev/null)" ]; }
has_font zh-cn || packages+=(fonts-wqy-zenhei)
{ has_font th && has_font ar; } || packages+=(fonts-noto-ui-core)
{ has_font ru && has_font mn; } || packages+=(fonts-dejavu-core)
command -v pdftotext > /dev/null || packages+=(poppler-utils)
if [ "${#packages[@]}" = 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "Installing ${packages[*]} for the browser tests (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
elif command -v sudo > /dev/null && sudo -n true 2> /dev/null && command -v apt-get > /dev/null; then
  echo "Installing ${packages[*]} for the browser tests (sudo apt-get)…"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
else
  echo "The browser tests need ${packages[*]}: install Debian's packages, or set CHROMIUM_PATH." >&2
  exit 1
fi
