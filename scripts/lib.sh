# Shared by the npm scripts: repository root, logs, dependency install.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${BUDGET_LOCAL_DIR:-$ROOT/.local}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
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
  build_web
}

# The web application (Vite) into dist/web, served by apps/web/server.
build_web() {
  say "building the web application (vite)"
  (cd "$ROOT" && node node_modules/vite/bin/vite.js build --config apps/web/vite.config.mts --logLevel warn)
}

# The browser of the end-to-end tests: Debian's chromium (Playwright's own downloads are not used),
# with CJK fonts so that screens and screenshots show Chinese. CHROMIUM_PATH points elsewhere.
ensure_chromium() {
  local path="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$path" ] && fc-list :lang=zh 2>/dev/null | grep -q .; then return 0; fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "Chromium is missing at $path: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk), or set CHROMIUM_PATH" >&2
    return 1
  fi
  say "installing Chromium and CJK fonts (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
}

# The tests' own stack: a Kafka broker of their own (127.0.0.1:19092, TEST_KAFKA_PORT moves it; data and
# logs under .local/kafka-test) beside a running development one, and PostgreSQL and Redis when missing.
# What this starts is stopped when the calling script exits; a running `npm start` is never touched.
test_stack_up() {
  export KAFKA_INSTANCE=test KAFKA_PORT="${TEST_KAFKA_PORT:-19092}" KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}"
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
  TEST_STACK_STARTED=()
  local service
  for service in postgres redis kafka; do
    bash "$ROOT/deploy/infra.sh" status "$service" >/dev/null 2>&1 || TEST_STACK_STARTED+=("$service")
  done
  trap test_stack_down EXIT
  say "starting PostgreSQL, Redis and Kafka"
  bash "$ROOT/deploy/infra.sh" up
}

test_stack_down() {
  if [ ${#TEST_STACK_STARTED[@]} -gt 0 ]; then
    say "stopping what the tests started: ${TEST_STACK_STARTED[*]}"
    bash "$ROOT/deploy/infra.sh" down "${TEST_STACK_STARTED[@]}" || true
  fi
}
