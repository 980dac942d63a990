# Shared by the npm scripts: repository root, logs, dependency install.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${BUDGET_LOCAL_DIR:-$ROOT/.local}"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
mkdir -p "$LOCAL_DIR/logs" "$LOCAL_DIR/run"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

require_node() {
  command -v node >/dev/null || { echo "Node.js 20.19+ is required (https://nodejs.org, or: apt-get install nodejs npm)" >&2; exit 1; }
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || { echo "Node.js 20.19 or newer is required, found $(node -v)" >&2; exit 1; }
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_deps() {
  require_node
  local stamp="$ROOT/node_modules/.install-stamp"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}

build() {
  say "building (tsc)"
  (cd "$ROOT" && node node_modules/typescript/bin/tsc -p tsconfig.build.json)
  touch "$ROOT/dist/.tsbuildinfo"
}
