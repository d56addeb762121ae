#!/usr/bin/env bash
# A newcomer's first run: install Bun and the dependencies, build the binary, generate the
# example workbooks and refine them with the aviation profile and the console exporter.
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_VERSION=1.4.5
if ! command -v bun >/dev/null 2>&1 || [ "$(bun --version)" != "$BUN_VERSION" ]; then
  npm install -g --silent "bun@$BUN_VERSION"
  # npm may hold back the package's install script; it only places the platform binary, so run
  # it by hand when bun does not answer.
  if ! bun --version >/dev/null 2>&1; then node "$(npm prefix -g)/lib/node_modules/bun/install.js"; fi
fi
bun install --frozen-lockfile
bun run build.ts
./dist/hotpass --version

# Example workbooks in the three aviation layouts (generated, small, not committed).
bun run scripts/make-examples.ts --out examples/data
# The main job: every workbook in examples/data -> one governed table, a quality report and the
# run's spans and metrics on the console.
./dist/hotpass refine --profile aviation --input-dir examples/data --output-path dist/refined.xlsx \
  --telemetry-exporter console
echo "Refined table: dist/refined.xlsx   quality report: dist/refined-quality-report.json"
