#!/usr/bin/env bash
# The main job (`make up`): start the local Monite sandbox in the background, then deploy the
# `dev` stack against it, with the Pulumi CLI and a local file backend (no Pulumi account), or,
# where there is no CLI and none can be installed, with monite-local-engine (a local stand-in
# for the Pulumi engine, for tests and offline use; docs/local-engine.md).
#
# MONITE_ENGINE picks: `cli` (the Pulumi CLI; where it is missing, install a pinned version into
# .tools/pulumi with Pulumi's official installer; where that is impossible, say so, print the
# manual command and exit non-zero, leaving the sandbox running and usable), `local` (the local
# engine), `auto` (default: the CLI when it is on PATH, in .tools or installable, else local).
#
# Environment (all optional):
#   MONITE_ENGINE                cli | local | auto (default auto)
#   MONITE_LOCAL_ENGINE_STATE_DIR  the local engine's state folder (default .monite-local-engine)
#   MONITE_SHOW_URLS             1: print each pending connection's URL (a secret) in the summary
#   MONITE_SANDBOX_PORT          port for the sandbox (default 8787; a free one if that is busy)
#   MONITE_SANDBOX_DIR           sandbox data, pid and log files (default .monite-sandbox)
#   MONITE_TOOLS_DIR             where the pulumi CLI is installed (default .tools)
#   MONITE_PULUMI_CLI_VERSION    pinned pulumi CLI version (default below)
#   MONITE_PULUMI_INSTALLER_URL  Pulumi's installer script (default https://get.pulumi.com)
#   MONITE_STACK                 stack to select or create (default dev)
#   PULUMI_CONFIG_PASSPHRASE     passphrase of the local stack's secrets (default below)
#   MONITE_CLIENT_ID / MONITE_CLIENT_SECRET  sandbox partner credentials (sandbox defaults)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
SANDBOX_DIR="${MONITE_SANDBOX_DIR:-$ROOT/.monite-sandbox}"
TOOLS_DIR="${MONITE_TOOLS_DIR:-$ROOT/.tools}"
PULUMI_CLI_VERSION="${MONITE_PULUMI_CLI_VERSION:-3.272.0}"
INSTALLER_URL="${MONITE_PULUMI_INSTALLER_URL:-https://get.pulumi.com}"
STACK="${MONITE_STACK:-dev}"
REQUESTED_PORT="${MONITE_SANDBOX_PORT:-8787}"
CLIENT_ID="${MONITE_CLIENT_ID:-00000000-0000-4000-8000-000000000001}"
CLIENT_SECRET="${MONITE_CLIENT_SECRET:-sandbox-secret}"
# Only for the local stack's state under .pulumi-local; CI and shared stacks set their own.
LOCAL_PASSPHRASE="monite-local-dev"
START_TIMEOUT_S=60
ENGINE="${MONITE_ENGINE:-auto}"

PID_FILE="$SANDBOX_DIR/sandbox.pid"
LOG_FILE="$SANDBOX_DIR/sandbox.log"
URL_FILE="$SANDBOX_DIR/sandbox.url"
ENV_FILE="$SANDBOX_DIR/env.sh"

say() { printf 'up: %s\n' "$*"; }
fail() { printf 'up: %s\n' "$*" >&2; exit 1; }

# --- settings checked before anything starts --------------------------------------------------
if ! [[ "$REQUESTED_PORT" =~ ^[0-9]{1,5}$ ]] || [ "$((10#$REQUESTED_PORT))" -gt 65535 ]; then
  fail "MONITE_SANDBOX_PORT must be a port number from 0 to 65535 (0: any free port), not '$REQUESTED_PORT'"
fi
REQUESTED_PORT="$((10#$REQUESTED_PORT))"
case "$ENGINE" in
  cli | local | auto) ;;
  *) fail "MONITE_ENGINE must be cli, local or auto (the default), not '$ENGINE'" ;;
esac

# --- the virtualenv (the Makefile's `setup` made it; this keeps the script usable alone) -------
if [ ! -x "$PY" ]; then
  say "no virtualenv yet; running make setup"
  make -C "$ROOT" setup
fi

# --- the local sandbox -------------------------------------------------------------------------
# GET url; succeeds when the server answers at all (any HTTP status). Ignores proxy settings.
answers() {
  "$PY" - "$1" <<'PY'
import sys, urllib.error, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    opener.open(sys.argv[1], timeout=2).close()
except urllib.error.HTTPError:
    pass
except OSError:
    sys.exit(1)
PY
}

port_is_free() {
  "$PY" - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PY
}

sandbox_running() {
  [ -f "$PID_FILE" ] && [ -f "$URL_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && answers "$(cat "$URL_FILE")/"
}

start_sandbox() {
  local port="$REQUESTED_PORT"
  if [ "$port" != "0" ] && ! port_is_free "$port"; then
    say "port $port is busy; the sandbox will take a free one"
    port=0
  fi
  : >"$LOG_FILE"
  local launcher=()
  if command -v setsid >/dev/null 2>&1; then launcher=(setsid); fi
  # Its own session: a Ctrl-C of `pulumi up` must not stop the sandbox.
  # The secret through the environment: a command line is visible to every user in `ps`.
  MONITE_SANDBOX_CLIENT_SECRET="$CLIENT_SECRET" ${launcher[@]+"${launcher[@]}"} \
    "$PY" -u -m monite_pulumi.sandbox --host 127.0.0.1 --port "$port" \
    --data "$SANDBOX_DIR/sandbox.db" --client-id "$CLIENT_ID" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_S)) url=""
  while [ -z "$url" ]; do
    url="$(sed -n 's/^monite-sandbox listening on \(http[^ ]*\).*$/\1/p' "$LOG_FILE" | head -n 1)"
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      fail "the sandbox exited before listening (log: $LOG_FILE)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "the sandbox did not start within ${START_TIMEOUT_S}s (log: $LOG_FILE)"
    sleep 0.1
  done
  url="${url%/}"
  until answers "$url/"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the sandbox at $url does not answer (log: $LOG_FILE)"
    sleep 0.1
  done
  echo "$url" >"$URL_FILE"
}

mkdir -p "$SANDBOX_DIR"
if sandbox_running; then
  say "reusing the local Monite sandbox at $(cat "$URL_FILE") (pid $(cat "$PID_FILE"))"
else
  start_sandbox
  say "started the local Monite sandbox at $(cat "$URL_FILE") (pid $(cat "$PID_FILE"), log $LOG_FILE)"
fi
SANDBOX_URL="$(cat "$URL_FILE")"
SANDBOX_PID="$(cat "$PID_FILE")"

export MONITE_ENVIRONMENT=local
export MONITE_API_URL="$SANDBOX_URL/v1"
export MONITE_CLIENT_ID="$CLIENT_ID"
export MONITE_CLIENT_SECRET="$CLIENT_SECRET"
export PULUMI_BACKEND_URL="file://$ROOT/.pulumi-local"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-$LOCAL_PASSPHRASE}"
export PULUMI_SKIP_UPDATE_CHECK=true

sandbox_still_running() {
  echo "up: the local Monite sandbox is still running and usable:"
  echo "      dashboard  $SANDBOX_URL/"
  echo "      API        $SANDBOX_URL/v1 (client id $CLIENT_ID; secret in $ENV_FILE)"
  echo "      stop it    kill $SANDBOX_PID"
}

# --- the env file: what the printed commands need, written on every path ---------------------
# Mode 600: it holds the sandbox's partner secret and the local stack's passphrase.
write_env_file() {
  local extra_path="$1"
  (
    umask 077
    {
      [ -n "$extra_path" ] && echo "export PATH=\"$extra_path:\$PATH\""
      echo "export MONITE_ENVIRONMENT=local"
      echo "export MONITE_API_URL=\"$MONITE_API_URL\""
      echo "export MONITE_CLIENT_ID=\"$MONITE_CLIENT_ID\""
      echo "export MONITE_CLIENT_SECRET=\"$MONITE_CLIENT_SECRET\""
      echo "export PULUMI_BACKEND_URL=\"$PULUMI_BACKEND_URL\""
      echo "export PULUMI_CONFIG_PASSPHRASE=\"$PULUMI_CONFIG_PASSPHRASE\""
      echo "export PULUMI_SKIP_UPDATE_CHECK=true"
      [ -n "${MONITE_LOCAL_ENGINE_STATE_DIR:-}" ] \
        && echo "export MONITE_LOCAL_ENGINE_STATE_DIR=\"$MONITE_LOCAL_ENGINE_STATE_DIR\""
      true
    } >"$ENV_FILE"
  )
  say "credentials of stack '$STACK' (sandbox partner id and secret, state passphrase): $ENV_FILE"
}

# --- which engine --------------------------------------------------------------------------------
# Sets PULUMI_BIN to a usable CLI, or leaves it empty when there is none and none can be had.
find_or_install_cli() {
  PULUMI_BIN=""
  if command -v pulumi >/dev/null 2>&1; then
    PULUMI_BIN="$(command -v pulumi)"
  elif [ -x "$TOOLS_DIR/pulumi/bin/pulumi" ]; then
    PULUMI_BIN="$TOOLS_DIR/pulumi/bin/pulumi"
  else
    say "the pulumi CLI is not installed; installing v$PULUMI_CLI_VERSION into $TOOLS_DIR/pulumi"
    if command -v curl >/dev/null 2>&1 \
      && curl -fsSL --connect-timeout 10 "$INSTALLER_URL" 2>/dev/null \
        | sh -s -- --version "$PULUMI_CLI_VERSION" --install-root "$TOOLS_DIR/pulumi" --no-edit-path \
      && [ -x "$TOOLS_DIR/pulumi/bin/pulumi" ]; then
      PULUMI_BIN="$TOOLS_DIR/pulumi/bin/pulumi"
    fi
  fi
}

cli_install_failed() {
  {
    echo "up: could not install the pulumi CLI: $INSTALLER_URL is unreachable (no internet?)"
    echo "    or curl is missing. Install it by hand, then run 'make up' again:"
    echo "      curl -fsSL https://get.pulumi.com | sh -s -- --version $PULUMI_CLI_VERSION \\"
    echo "        --install-root $TOOLS_DIR/pulumi --no-edit-path"
    echo "    (or any install method from https://www.pulumi.com/docs/install/ that puts"
    echo "    pulumi on PATH), or run it with the local engine: MONITE_ENGINE=local make up"
    sandbox_still_running
  } >&2
  exit 1
}

PULUMI_BIN=""
if [ "$ENGINE" != local ]; then
  find_or_install_cli
  if [ -z "$PULUMI_BIN" ]; then
    if [ "$ENGINE" = cli ]; then
      write_env_file ""
      cli_install_failed
    fi
    say "no pulumi CLI here and none could be installed: using the local engine instead"
  fi
fi

cd "$ROOT"
if [ -n "$PULUMI_BIN" ]; then
  # The CLI finds its language plugins next to itself.
  export PATH="$(dirname "$PULUMI_BIN"):$PATH"
  write_env_file "$(dirname "$PULUMI_BIN")"
  RUN=("$PULUMI_BIN")
  NEXT_CMD="pulumi"
  mkdir -p "$ROOT/.pulumi-local"
  say "pulumi $("$PULUMI_BIN" version), backend $PULUMI_BACKEND_URL, stack $STACK"
  "$PULUMI_BIN" stack select --create "$STACK" --non-interactive
  UP=("$PULUMI_BIN" up --yes --stack "$STACK" --non-interactive)
else
  write_env_file "$ROOT/.venv/bin"
  RUN=("$PY" -m monite_pulumi.local_engine)
  NEXT_CMD="monite-local-engine"
  STATE_DIR="${MONITE_LOCAL_ENGINE_STATE_DIR:-$ROOT/.monite-local-engine}"
  say "engine: monite-local-engine, a local stand-in for the Pulumi engine (tests and offline use; deploy with the Pulumi CLI); state in $STATE_DIR/$STACK.json"
  UP=("${RUN[@]}" up --yes --stack "$STACK" --cwd "$ROOT")
fi

# --- up ------------------------------------------------------------------------------------------
if ! "${UP[@]}"; then
  echo "up: the deployment of stack '$STACK' failed (see above)." >&2
  sandbox_still_running >&2
  exit 1
fi

# --- what to do next -----------------------------------------------------------------------------
echo
echo "Done. Entities and accounting connections of stack '$STACK':"
if [ -n "$PULUMI_BIN" ]; then
  OUTPUTS_JSON="$("${RUN[@]}" stack output --json --show-secrets --stack "$STACK")"
else
  OUTPUTS_JSON="$("${RUN[@]}" stack output --json --show-secrets --stack "$STACK" --cwd "$ROOT")"
fi
OUTPUTS_JSON="$OUTPUTS_JSON" MONITE_SHOW_URLS="${MONITE_SHOW_URLS:-}" "$PY" - <<'PY'
import json, os
outputs = json.loads(os.environ["OUTPUTS_JSON"])
show_urls = os.environ.get("MONITE_SHOW_URLS") == "1"
for tenant, out in sorted(outputs.items()):
    if not isinstance(out, dict):
        continue
    print(f"  {tenant}: entity {out.get('entity_id')}, connection {out.get('connection_status')}")
    if show_urls and out.get("connection_url"):
        print(f"      authorise at {out['connection_url']}")
if not show_urls:
    print("  (connection URLs are secrets: MONITE_SHOW_URLS=1 make up prints them, or see below)")
PY
# Every command below works from any directory: absolute paths, the project named with --cwd.
WHERE="--stack $(printf '%q' "$STACK") --cwd $(printf '%q' "$ROOT")"
SOURCE_ENV="source $(printf '%q' "$ENV_FILE")"
cat <<EOF

Dashboard of the local Monite sandbox: $SANDBOX_URL/ (each pending connection has its link)

Next (from any directory; the first line sets the stack's engine, backend and credentials):
  1. Authorise each pending connection in a browser: open its link on the dashboard, choose
     QuickBooks or Xero, and authorise, as the tenant's user would. A tenant's link is also
     its connection URL:
       $SOURCE_ENV
       $NEXT_CMD stack output <tenant> --show-secrets $WHERE
  2. See the connections turn 'connected' in the stack:
       $SOURCE_ENV
       $NEXT_CMD refresh --yes $WHERE
       $NEXT_CMD stack export $WHERE | $(printf '%q' "$PY") -m monite_pulumi.platform.drift -
  3. When done, delete the stack's tenants from the sandbox, then stop the sandbox:
       $SOURCE_ENV
       $NEXT_CMD destroy --yes $WHERE
       kill $SANDBOX_PID
  (make -C $(printf '%q' "$ROOT") up runs this job again from anywhere.)
EOF
