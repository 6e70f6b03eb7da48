#!/usr/bin/env bash
# The whole test run: type-check every package's tests, run them (turbo → vitest per package),
# then print one summary line over all packages, whatever the outcome.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
rm -f packages/*/.vitest-report.json apps/*/.vitest-report.json
pnpm exec turbo run lint test --continue --concurrency=2 "$@"
status=$?
node scripts/test-summary.mjs || status=1
exit $status
