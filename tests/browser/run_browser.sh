#!/usr/bin/env bash
# strategibot's progress page (/dashboard, the Teams tab) in headless Chromium.
#
#   bash tests/browser/run_browser.sh                 (make browser)
#   bash tests/browser/run_browser.sh --screenshots   (make screenshots: docs/screenshots/dashboard-*.png)
#
# Needs: the project's .venv (make setup), Node >= 18, tests/browser/node_modules
# (npm ci --prefix tests/browser; never downloads a browser) and Debian's Chromium at
# /usr/bin/chromium (apt-get install -y chromium; another binary: CHROMIUM=/path).
# Everything it starts listens on loopback ports of its own and is stopped at the end.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/axe-core" ] \
    || [ ! -d "$HERE/node_modules/@microsoft/teams-js" ]; then
  npm ci --prefix "$HERE" --no-audit --no-fund
fi
exec node "$HERE/run.js" "$@"
