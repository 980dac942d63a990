#!/usr/bin/env bash
# npm run test:image-node: the unit and end-to-end tests again on the Node.js the production images run
# (the Dockerfile's NODE_IMAGE), whatever Node runs `npm test`. CI runs it after `npm test` (.ci/run).
# That Node comes from the npm registry (the package node-linux-<arch>@<version>, the official build's
# binary) into .local/node-<version>; the test stack is the tests' own (test_stack_up), as in npm test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

version="$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9][0-9.]*\)-.*/\1/p' Dockerfile)"
[ -n "$version" ] || { echo "no ARG NODE_IMAGE=node:<version>-… in the Dockerfile" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "no Node.js package for $(uname -m)" >&2; exit 1 ;;
esac
dir="$LOCAL_DIR/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  say "fetching Node.js $version (npm package node-linux-$arch@$version)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar xzf "node-linux-$arch-$version.tgz")
  rm -rf "$dir" && mkdir -p "$dir" && mv "$tmp/package/bin" "$dir/bin"
  rm -rf "$tmp"
fi
ensure_deps
# npx, Jest and the services the tests start (process.execPath) all run on this Node from here on.
export PATH="$dir/bin:$PATH"
[ "$(node -v)" = "v$version" ] || { echo "expected Node.js v$version on PATH, found $(node -v)" >&2; exit 1; }
RESULTS="$LOCAL_DIR/test-results"
mkdir -p "$RESULTS"
say "unit tests on Node.js $(node -v)"
npx jest --selectProjects unit web --ci --json --outputFile="$RESULTS/image-node-unit.json"
test_stack_up
build
say "end-to-end tests on Node.js $(node -v) (the three services on the real stack)"
npx jest --selectProjects e2e --ci --runInBand --forceExit --json --outputFile="$RESULTS/image-node-e2e.json"
