#!/usr/bin/env bash
# npm installs the front-end assets (Bootstrap, icons, htmx). Install Debian's
# Node.js and npm when absent and we are root; otherwise say what to do.
set -euo pipefail
command -v npm >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[assets] apt-get install nodejs npm"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  exit 0
fi
echo "npm is needed to install the front-end assets: install Node.js and npm (Debian: apt-get install nodejs npm)." >&2
exit 1
