#!/usr/bin/env bash
# Installs what Concierge needs to build (and, with "test", to test) on
# Debian/Ubuntu, skipping whatever is already there. Usage: deps.sh run|test
set -euo pipefail
what=${1:-run}
cd "$(dirname "$0")/../.."

need=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
if [ "$what" = test ]; then
  need+=(xvfb xauth imagemagick xdotool fonts-noto-color-emoji fonts-thai-tlwg chromium tesseract-ocr tesseract-ocr-eng)
fi

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${need[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  echo "deps: not a Debian/Ubuntu system; see README.md for macOS and Windows prerequisites" >&2
fi

command -v go >/dev/null 2>&1 || { echo "deps: Go 1.26 is required (https://go.dev/dl/)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "deps: Node.js 20+ with npm is required" >&2; exit 1; }

gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if [ ! -x "$gobin/wails" ]; then
  echo "deps: installing the Wails CLI"
  go install github.com/wailsapp/wails/v2/cmd/wails@v2.11.0
fi

if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  echo "deps: installing frontend packages"
  (cd frontend && npm ci --no-audit --no-fund)
fi
