#!/usr/bin/env bash
# strategibot end to end in the Microsoft 365 Agents Playground (offline Teams emulator).
#
#   bash tests/e2e/run_e2e.sh [scenario-id-substring …]      (make e2e)
#
# Needs: the project's .venv (make setup), Node >= 18, tests/e2e/node_modules
# (npm ci --prefix tests/e2e; never downloads a browser) and Debian's Chromium at
# /usr/bin/chromium (apt-get install -y chromium; another binary: CHROMIUM=/path).
# Ports 3978 and 56150 must be free. Screenshots and logs: tests/e2e/artifacts/.
# Everything it starts is stopped at the end, also on a failure; exit 1 if a scenario failed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d "$HERE/node_modules/@microsoft/m365agentsplayground" ] || [ ! -d "$HERE/node_modules/playwright-core" ]; then
  npm ci --prefix "$HERE" --no-audit --no-fund
fi
exec node "$HERE/run.js" "$@"
