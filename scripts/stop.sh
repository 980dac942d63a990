#!/usr/bin/env bash
# npm run stop: stop the services, then the infrastructure the project started itself.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/services.sh"
# An npm start still in the foreground elsewhere: its supervisor first, or it restarts what is stopped.
stop_running_supervisor
stop_services
bash "$ROOT/deploy/infra.sh" down
