#!/usr/bin/env bash
# Builds the Dockerfile with podman and checks the image for real: health, a walk-through (authorize, create,
# details), the SIGTERM drain and exit code, the image size, and the compose example.
# Runs as root on Debian with no container registry: podman and runc come from apt, the Node.js base image is
# built from npm packages (scripts/make-node-base.sh). Containers and images are removed whatever happens.
# Usage: scripts/container-test.sh (or npm run test:container). NODE_MAJOR=24 and MAX_IMAGE_MB=200 by default.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_MAJOR=${NODE_MAJOR:-24}
MAX_IMAGE_MB=${MAX_IMAGE_MB:-200}
# Names unique to this run, so that runs from other work trees on the machine do not collide.
RUN_ID=flinks-mock-test-$$
BASE_IMAGE=localhost/$RUN_ID-node-base:$NODE_MAJOR
IMAGE=localhost/$RUN_ID:latest
MOCK=$RUN_ID-mock
COMPOSE_MOCK=$RUN_ID-compose-mock
COMPOSE_CLIENT=$RUN_ID-compose-client
WORK=$(mktemp -d)
CURL_PID=
STARTED_MS=$(date +%s%3N)

elapsed() { local ms=$(($(date +%s%3N) - STARTED_MS)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
step() { printf '\n== %s (at %ss)\n' "$*" "$(elapsed)"; }
fail() { echo "container-test: FAILED: $*" >&2; exit 1; }

cleanup() {
  local rc=$?
  # Clean up whatever fails on the way.
  set +e
  [ -n "$CURL_PID" ] && kill "$CURL_PID" 2>/dev/null
  if command -v podman >/dev/null; then
    if [ "$rc" != 0 ]; then
      for c in "$MOCK" "$COMPOSE_MOCK" "$COMPOSE_CLIENT"; do
        podman container exists "$c" 2>/dev/null && { echo "--- logs of $c"; podman logs --tail 20 "$c" 2>&1; }
      done
      [ -f "$WORK/podman.log" ] && { echo '--- podman messages'; tail -n 20 "$WORK/podman.log"; }
    fi
    podman rm -f -t 0 "$MOCK" "$COMPOSE_MOCK" "$COMPOSE_CLIENT" >/dev/null 2>&1 || true
    podman rmi -f "$IMAGE" "$BASE_IMAGE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [ "$rc" = 0 ]; then echo "container-test: passed in $(elapsed) s"; else echo "container-test: failed after $(elapsed) s" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# podman's complaints about the absent systemd (health timers) go to a log, shown when something fails.
pm() { podman "$@" 2>>"$WORK/podman.log"; }
free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })"; }
json() { node -e "process.stdout.write(String(JSON.parse(require('node:fs').readFileSync(0, 'utf8'))$1))"; }
token() { curl -fsS -u flinks-mock-client:flinks-mock-secret -d grant_type=client_credentials "$1/api/v1/authorize" | json .access_token; }
session_body() { printf '{"referenceId":"%s","type":"e-Transfer","direction":"DEBIT","currency":"CAD","amount":250.00,"payor":{"firstName":"John","lastName":"Smith","email":"john.smith@example.com"}}' "$1"; }

# Runs the image's own HEALTHCHECK until it passes (no systemd here, so podman starts no timer for it).
wait_healthy() {
  local container=$1 tries
  for tries in $(seq 100); do
    [ "$(podman inspect --format '{{.State.Running}}' "$container")" = true ] || fail "$container stopped during start-up"
    if pm healthcheck run "$container" >/dev/null; then echo "$container is healthy after $tries check(s)"; return; fi
    sleep 0.2
  done
  fail "$container is not healthy after 100 checks"
}

step "podman and runc"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v curl >/dev/null; then
  { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; } || fail "podman, runc and curl are needed: apt-get install podman runc curl (as root)"
  apt-get update -qq
  # crun, which podman pulls in, cannot run on this machine's cgroups (hybrid mode): runc can.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman runc curl >/dev/null
fi
podman --version
# Without systemd's limits for the container user, setting the default rlimits fails ("error setting rlimit type 7").
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > "$WORK/containers.conf"
export CONTAINERS_CONF=$WORK/containers.conf

step "base image $BASE_IMAGE from npm packages"
scripts/make-node-base.sh "$NODE_MAJOR" "$BASE_IMAGE" 2>>"$WORK/podman.log"

step "build $IMAGE"
# --format docker keeps HEALTHCHECK (OCI images drop it); --layers=false leaves no intermediate images behind.
pm build --format docker --isolation=chroot --network host --layers=false \
  --build-arg NODE_IMAGE="$BASE_IMAGE" -t "$IMAGE" . >"$WORK/build.log" \
  || { tail -n 30 "$WORK/build.log"; fail "podman build"; }
[ "$(podman image inspect --format '{{.Config.User}}' "$IMAGE")" = node ] || fail "the image does not run as the node user"

step "run it as docker run would, wait for health"
PORT=$(free_port)
BASE_URL=http://127.0.0.1:$PORT
pm run -d --name "$MOCK" --runtime runc --network host -e PORT="$PORT" "$IMAGE" >/dev/null
wait_healthy "$MOCK"
[ "$(podman exec "$MOCK" node -p 'process.getuid()')" = 1000 ] || fail "the mock does not run as uid 1000"

step "walk-through: authorize, create a session, read its details"
TOKEN=$(token "$BASE_URL")
SESSION_ID=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "$(session_body USER12345)" "$BASE_URL/api/v2/sessions" | json .sessionId)
DETAILS=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE_URL/api/v2/sessions/$SESSION_ID/details")
[ "$(json .referenceId <<<"$DETAILS")" = USER12345 ] || fail "details: $DETAILS"
echo "session $SESSION_ID: $(json .status <<<"$DETAILS")"

step "SIGTERM during a request: the request still gets its 201, the container exits 0"
requests() { podman logs "$MOCK" 2>/dev/null | grep -c '"url":"/api/v2/sessions"' || true; }
BEFORE=$(requests)
TOKEN=$(token "$BASE_URL")
# Slow-Create (scenarios/errors.yaml) answers after 3 s.
curl -sS -o "$WORK/slow.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "$(session_body Slow-Create-drain)" "$BASE_URL/api/v2/sessions" >"$WORK/slow.code" &
CURL_PID=$!
for _ in $(seq 50); do [ "$(requests)" -gt "$BEFORE" ] && break; sleep 0.1; done
[ "$(requests)" -gt "$BEFORE" ] || fail "the slow request did not reach the mock"
STOP_MS=$(date +%s%3N)
pm stop -t 10 "$MOCK" >/dev/null
STOP_MS=$(( $(date +%s%3N) - STOP_MS ))
wait "$CURL_PID" || true
CURL_PID=
[ "$(cat "$WORK/slow.code")" = 201 ] || fail "the request in flight got $(cat "$WORK/slow.code"): $(cat "$WORK/slow.json")"
EXIT_CODE=$(podman inspect --format '{{.State.ExitCode}}' "$MOCK")
[ "$EXIT_CODE" = 0 ] || fail "the container exited $EXIT_CODE after SIGTERM"
# 10 s would mean podman had to kill it; the slow request needs 3 s at most.
[ "$STOP_MS" -lt 6000 ] || fail "stopping took $STOP_MS ms"
echo "in-flight request answered 201, exit code 0, stopped in $STOP_MS ms"

step "image size"
SIZE=$(podman image inspect --format '{{.Size}}' "$IMAGE")
BASE_SIZE=$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE")
mb() { node -p "($1 / 1e6).toFixed(1)"; }
echo "image $(mb "$SIZE") MB ($SIZE B): base $(mb "$BASE_SIZE") MB + flinks-mock $(mb "$((SIZE - BASE_SIZE))") MB"
[ "$SIZE" -lt $((MAX_IMAGE_MB * 1000000)) ] || fail "the image is $(mb "$SIZE") MB, over $MAX_IMAGE_MB MB"

step "compose example (examples/docker-compose.yml) as podman commands"
# podman-compose 1.0.3 (Debian's) ignores condition: service_healthy and builds without the options this
# machine needs, so these commands mirror the file: same image, environment, mounts and order.
# Host networking stands in for the compose network: the client reaches the mock on 127.0.0.1, not flinks-mock.
PORT=$(free_port)
pm run -d --name "$COMPOSE_MOCK" --runtime runc --network host -e PORT="$PORT" \
  -e LOG_LEVEL=info -e FLINKS_MOCK_SCENARIOS=/scenarios -v "$PWD/examples/scenarios:/scenarios:ro" "$IMAGE" >/dev/null
wait_healthy "$COMPOSE_MOCK"
pm run --name "$COMPOSE_CLIENT" --runtime runc --network host --user node \
  -e FLINKS_BASE_URL="http://127.0.0.1:$PORT" -e FLINKS_REFERENCE_ID=compose-happy-1 \
  -v "$PWD/examples/client:/client:ro" "$BASE_IMAGE" node /client/client.mjs >"$WORK/client.log" \
  || { cat "$WORK/client.log"; fail "the example client exited $(podman inspect --format '{{.State.ExitCode}}' "$COMPOSE_CLIENT")"; }
grep -E '^(flinks-mock at|session:|approved:|status:)' "$WORK/client.log"
[ "$(grep -c '"status": "Completed"' "$WORK/client.log")" = 1 ] || { cat "$WORK/client.log"; fail "the client printed no Completed details"; }
pm stop -t 10 "$COMPOSE_MOCK" >/dev/null
[ "$(podman inspect --format '{{.State.ExitCode}}' "$COMPOSE_MOCK")" = 0 ] || fail "the compose mock did not exit 0"
echo "client exited 0 on Completed"
