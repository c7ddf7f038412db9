#!/usr/bin/env bash
# `npm run test:e2e`: the real-editor tests. Provisions the tools when missing (test/e2e/provision.sh,
# outside the repository), builds, packages gateway-refs.vsix and runs the driver on it:
# extension-host tests and a UI smoke in code-server, and Neovim as a second LSP client.
#
#   E2E_VSIX=path.vsix   test this package instead of building one (e.g. a deliberately broken one)
#   E2E_ONLY=extension,ui,neovim   run only these suites
#   E2E_KEEP=1           keep the run's temp folder; E2E_ARTIFACTS=dir  where screenshots go
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -d node_modules/playwright-core ] || { echo "e2e: node_modules/playwright-core is missing: run npm ci first" >&2; exit 1; }
tools=$(bash test/e2e/provision.sh)
eval "$tools"

if [ -z "${E2E_VSIX:-}" ]; then
  npm run --silent package >/dev/null
  E2E_VSIX=gateway-refs.vsix
fi
node esbuild.mjs --e2e

only=()
[ -n "${E2E_ONLY:-}" ] && only=(--only "$E2E_ONLY")
# The driver bounds every wait and the whole run (12 min); this is the backstop.
exec timeout --kill-after=10 900 node out/e2e/run.js --vsix "$E2E_VSIX" \
  --code-server "$E2E_CODE_SERVER" --node24-bin "$E2E_NODE24_BIN" "${only[@]}"
