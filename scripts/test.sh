#!/usr/bin/env bash
# The test command (npm test): start the real services the suites need (idempotent), type-check, lint, then run every
# test file with node's test runner. Extra arguments are passed to node --test (e.g. a single file).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh start
eval "export $(bash scripts/services.sh env)"

# The browser tests run the BUILT app (dist/, including the web console in dist/webapp), as `npm start` would.
echo "== build"; npm run build --silent
echo "== typecheck"; npm run typecheck --silent
echo "== lint"; npx eslint --max-warnings 0 .

if [ "$#" -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(find src test tools -name '*.test.ts' | sort)
fi
echo "== tests (${#files[@]} files)"
# Two files at a time on two cores; each file gets its own database, so files never share state. Browser (e2e) files
# take turns on one Chromium (a lock in test/e2e/helpers/browser.ts).
exec node --import tsx --test --test-concurrency=2 --test-timeout=600000 "${files[@]}"
