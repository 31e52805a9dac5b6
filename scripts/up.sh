#!/usr/bin/env bash
# One command on a fresh Debian/Ubuntu machine with Node 20: installs what is missing, then starts the whole
# product on embedded defaults (PGlite in ./data, a private redis-server, the Zalo simulator) and prints where
# to chat with it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# PostgreSQL, Chromium and poppler are for the test suite (second README command).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# LibreOffice (Writer, no GUI) and Liberation Serif: the test that renders the monthly report to PDF.
office=()
command -v soffice >/dev/null 2>&1 || office+=(libreoffice-writer-nogui)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || [ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || office+=(fonts-liberation2)
if [ "${#missing[@]}" -gt 0 ] || [ "${#office[@]}" -gt 0 ]; then
  echo "Cài đặt gói còn thiếu: ${missing[*]} ${office[*]}"
  $SUDO apt-get update -qq
fi
if [ "${#missing[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
if [ "${#office[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${office[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Cần Node.js 20 trở lên (đang có $(node --version))." >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The Zalo mini-app (miniapp/, its own package), served by the server at /miniapp/: built when missing or stale.
if [ ! -f miniapp/dist/index.html ] || [ -n "$(find miniapp/src miniapp/index.html miniapp/package-lock.json miniapp/app-config.json miniapp/vite.config.ts -newer miniapp/dist/index.html -print -quit)" ]; then
  npm run -s build:miniapp
fi

npm run -s cli -- demo seed --if-empty || echo "Không nạp được dữ liệu mẫu (bỏ qua)." >&2
exec npm start
