#!/usr/bin/env bash
# Starts Taskmesh's infrastructure (PostgreSQL, Redis, Kafka, an SMTP mail catcher) as project-owned
# instances on project ports with data in the per-user cache, creates the Kafka
# topics, applies database migrations and writes the local Dapr secrets file.
# With TASKMESH_INFRA=containers, PostgreSQL, Redis and Kafka run in throwaway
# containers instead (start_containers; empty data on every start), the rest as above.
# Idempotent: what already runs is left alone. If a step fails, whatever this
# run started is stopped again. With TASKMESH_STARTED_FILE set, the names of
# the servers this run started are appended to it (npm test stops only those).
source "$(dirname "$0")/lib.sh"

REDIS_DATA="${STATE_DIR}/redis"
KAFKA_DATA="${STATE_DIR}/kafka"
SECRETS_FILE="${STATE_DIR}/secrets.json"
# What was already done to the running servers: the topics created, the
# migrations applied. Containers start empty, so theirs are dropped with them.
CONTAINER_STAMPS="${STATE_DIR}/test-infra"
if [ "${INFRA_MODE}" = containers ]; then
  TOPICS_STAMP="${CONTAINER_STAMPS}/topics.stamp"
  MIGRATIONS_STAMP="${CONTAINER_STAMPS}/migrations.stamp"
else
  # The topics' stamp lives in Kafka's data dir, so a re-formatted broker gets its topics again.
  TOPICS_STAMP="${KAFKA_DATA}/topics.stamp"
  MIGRATIONS_STAMP="${STATE_DIR}/migrations.stamp"
fi

started=()
on_exit() {
  local status=$?
  if [ ${status} -ne 0 ] && [ ${#started[@]} -gt 0 ]; then
    printf '%sStopping what this run started: %s%s\n' "${RED}" "${started[*]}" "${RESET}" >&2
    "${INFRA_DIR}/down.sh" "${started[@]}" >&2 || true
  fi
}
trap on_exit EXIT

# ensure_port_free NAME PORT PIDFILE: fails clearly when PORT is taken by a
# process that is not our own NAME server.
ensure_port_free() {
  if port_open "$2"; then
    local who
    who=$(ss -ltnpH "sport = :$2" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1)
    die "$1 cannot start: port $2 is already taken${who:+ by ${who}}. Stop that process or set TASKMESH_$(echo "$1" | tr a-z A-Z)_PORT."
  fi
}

mark_started() {
  started+=("$1")
  [ -z "${TASKMESH_STARTED_FILE:-}" ] || echo "$1" >> "${TASKMESH_STARTED_FILE}"
}

start_postgres() {
  if pg_alive && port_open "${PG_PORT}"; then return 0; fi
  if [ ! -s "${PG_DATA}/PG_VERSION" ]; then
    step "Initialising PostgreSQL ${POSTGRES_MAJOR} in ${PG_DATA}"
    mkdir -p "${PG_DATA}"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "${PG_DATA}"
      # The postgres user must pass through (not read) the directories above its data.
      local d="${PG_DATA}"
      while d=$(dirname "$d"); [ "$d" != / ]; do chmod o+x "$d"; done
    fi
    pg_run "${PG_BIN}/initdb" -D "${PG_DATA}" -U "${PG_SUPERUSER}" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  ensure_port_free postgres "${PG_PORT}"
  step "Starting PostgreSQL on 127.0.0.1:${PG_PORT}"
  touch "${LOG_DIR}/postgres.log"
  [ "$(id -u)" -ne 0 ] || chown postgres: "${LOG_DIR}/postgres.log"
  pg_run "${PG_BIN}/pg_ctl" -D "${PG_DATA}" -l "${LOG_DIR}/postgres.log" -w -t 60 \
    -o "-p ${PG_PORT} -c listen_addresses=127.0.0.1 -k ${PG_DATA} -c max_connections=300 -c fsync=on" start >/dev/null \
    || die "PostgreSQL did not start; see ${LOG_DIR}/postgres.log"
  mark_started postgres
}

create_database() {
  local psql=("${PG_BIN}/psql" -X -q -h 127.0.0.1 -p "${PG_PORT}" -U "${PG_SUPERUSER}")
  wait_for "PostgreSQL" 30 "${psql[@]}" -d postgres -c 'select 1' || die "PostgreSQL does not answer on ${PG_PORT}"
  if [ -z "$("${psql[@]}" -d postgres -tAc "select 1 from pg_database where datname = '${PG_DATABASE}'")" ]; then
    detail "creating database ${PG_DATABASE}"
    "${psql[@]}" -d postgres -c "create database ${PG_DATABASE}"
  fi
}

start_redis() {
  if pid_alive "${REDIS_DATA}/redis.pid" && port_open "${REDIS_PORT}"; then return 0; fi
  ensure_port_free redis "${REDIS_PORT}"
  step "Starting Redis on 127.0.0.1:${REDIS_PORT}"
  mkdir -p "${REDIS_DATA}"
  # Append-only persistence: the state store holds idempotency records and
  # sessions that must survive a restart.
  redis-server --bind 127.0.0.1 --port "${REDIS_PORT}" --dir "${REDIS_DATA}" --daemonize yes \
    --pidfile "${REDIS_DATA}/redis.pid" --logfile "${LOG_DIR}/redis.log" --appendonly yes --save '' \
    || die "Redis did not start; see ${LOG_DIR}/redis.log"
  wait_for "Redis" 20 redis-cli -p "${REDIS_PORT}" ping || die "Redis does not answer on ${REDIS_PORT}; see ${LOG_DIR}/redis.log"
  mark_started redis
}

kafka_java() { java -Xms128m -Xmx512m -Dlog4j.configuration="file:${INFRA_DIR}/kafka/log4j-tools.properties" -cp "${KAFKA_HOME}/libs/*" "$@"; }

start_kafka() {
  if pid_alive "${KAFKA_DATA}/kafka.pid" && port_open "${KAFKA_PORT}"; then return 0; fi
  ensure_port_free kafka "${KAFKA_PORT}"
  ensure_port_free kafka "${KAFKA_CONTROLLER_PORT}"
  mkdir -p "${KAFKA_DATA}"
  cat > "${KAFKA_DATA}/server.properties" <<PROPS
# Written by infra/up.sh: one KRaft node that is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${KAFKA_DATA}/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [ ! -f "${KAFKA_DATA}/data/meta.properties" ]; then
    step "Formatting Kafka ${KAFKA_VERSION} storage in ${KAFKA_DATA}"
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    kafka_java kafka.tools.StorageTool format -t "${cluster_id}" -c "${KAFKA_DATA}/server.properties" >"${LOG_DIR}/kafka-format.log" 2>&1 \
      || die "Kafka storage format failed; see ${LOG_DIR}/kafka-format.log"
  fi
  step "Starting Kafka ${KAFKA_VERSION} (KRaft) on 127.0.0.1:${KAFKA_PORT}"
  # Its own session: Ctrl-C on `npm start` stops the apps, not the broker.
  setsid nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Dlog4j.configuration="file:${INFRA_DIR}/kafka/log4j.properties" \
    -cp "${KAFKA_HOME}/libs/*" kafka.Kafka "${KAFKA_DATA}/server.properties" >"${LOG_DIR}/kafka.log" 2>&1 &
  echo $! > "${KAFKA_DATA}/kafka.pid"
  mark_started kafka
  wait_for "Kafka" 90 port_open "${KAFKA_PORT}" || die "Kafka did not open ${KAFKA_PORT}; see ${LOG_DIR}/kafka.log"
  pid_alive "${KAFKA_DATA}/kafka.pid" || die "Kafka exited; see ${LOG_DIR}/kafka.log"
}

# container_answers SERVER PORT: the container's own HEALTHCHECK passes and its
# published port takes connections (podman runs no healthchecks by itself here:
# no systemd timers on this VM).
container_answers() { port_open "$2" && podman healthcheck run "taskmesh-infra-$1" >/dev/null 2>&1; }

# TASKMESH_INFRA=containers: PostgreSQL, Redis and Kafka from the images of
# `npm run images:build`, started by infra/containers/test-infra.ts with
# testcontainers through podman's Docker API, on the same 127.0.0.1 ports as the
# host processes. It runs in its own session (Ctrl-C on npm start stops only the
# apps) until down.sh sends it SIGTERM; then it stops and removes them. The
# database comes from the image (POSTGRES_DB); topics, migrations and the rest
# follow as for the host processes.
start_containers() {
  if pid_alive "${TEST_INFRA_PID}"; then
    # Running: bring back a server a test stopped (down.sh kafka stops its container).
    local server port
    for server in postgres:"${PG_PORT}" redis:"${REDIS_PORT}" kafka:"${KAFKA_PORT}"; do
      port=${server#*:} server=${server%%:*}
      port_open "${port}" && continue
      step "Starting the ${server} container again (taskmesh-infra-${server})"
      podman_quiet start "taskmesh-infra-${server}"
      wait_for "${server}" 120 container_answers "${server}" "${port}" ||
        die "the ${server} container does not answer on ${port}; see podman logs taskmesh-infra-${server}"
    done
    return 0
  fi
  command -v podman >/dev/null ||
    die "TASKMESH_INFRA=containers needs podman, which is not installed: run \`npm run images:build\` (it installs podman and builds the images)"
  ensure_port_free postgres "${PG_PORT}"
  ensure_port_free redis "${REDIS_PORT}"
  ensure_port_free kafka "${KAFKA_PORT}"
  bash "${INFRA_DIR}/containers/podman-api.sh" start
  local log="${LOG_DIR}/test-infra.log" pid
  step "Starting PostgreSQL, Redis and Kafka in containers (TASKMESH_INFRA=containers; logs ${LOG_DIR}/test-infra.log, taskmesh-infra-*.log)"
  rm -rf "${CONTAINER_STAMPS}" && mkdir -p "${CONTAINER_STAMPS}"
  (
    eval "$(bash "${INFRA_DIR}/containers/podman-api.sh" env)"
    cd "${REPO_DIR}"
    TASKMESH_PG_PORT="${PG_PORT}" TASKMESH_REDIS_PORT="${REDIS_PORT}" TASKMESH_KAFKA_PORT="${KAFKA_PORT}" \
      TASKMESH_LOG_DIR="${LOG_DIR}" exec setsid nohup node --import tsx infra/containers/test-infra.ts
  ) >"${log}" 2>&1 &
  pid=$!
  echo "${pid}" > "${TEST_INFRA_PID}"
  mark_started containers
  # It gives each server 180 s to answer, then stops what it started and exits.
  wait_for "the containers" 300 bash -c "grep -q '^test-infra: ready' '${log}' || ! kill -0 ${pid}" || true
  if ! grep -q '^test-infra: ready' "${log}"; then
    local why
    why=$(sed -n 's/^ERROR: //p' "${log}" | tail -n 1)
    sed 's/^/    /' "${log}" | tail -n 25 >&2
    die "PostgreSQL, Redis and Kafka did not start in containers (TASKMESH_INFRA=containers)${why:+: ${why}}; see ${log}"
  fi
  detail "$(sed -n 's/^test-infra: ready/ready/p' "${log}")"
}

create_topics() {
  local want
  want=$(sha256sum < "${INFRA_DIR}/kafka/topics.tsv" | cut -c1-16)
  [ "$(cat "${TOPICS_STAMP}" 2>/dev/null)" = "${want}" ] && return 0
  step "Creating Kafka topics from infra/kafka/topics.tsv"
  kafka_java "${INFRA_DIR}/kafka/CreateTopics.java" "127.0.0.1:${KAFKA_PORT}" "${INFRA_DIR}/kafka/topics.tsv" 2>"${LOG_DIR}/kafka-topics.log" \
    | sed 's/^/    /' || die "creating Kafka topics failed; see ${LOG_DIR}/kafka-topics.log"
  echo "${want}" > "${TOPICS_STAMP}"
}

apply_migrations() {
  local want
  want=$(cd "${REPO_DIR}/prisma" && find migrations -type f | sort | xargs cat | sha256sum | cut -c1-16)
  [ "$(cat "${MIGRATIONS_STAMP}" 2>/dev/null)" = "${want}" ] && return 0
  step "Applying database migrations"
  (cd "${REPO_DIR}" && DATABASE_URL="${DATABASE_URL}" npm run --silent db:deploy) 2>&1 | sed 's/^/    /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "database migrations failed"
  echo "${want}" > "${MIGRATIONS_STAMP}"
}

start_mail_catcher() {
  local pidfile="${STATE_DIR}/mail-catcher.pid"
  if pid_alive "${pidfile}" && port_open "${SMTP_PORT}"; then return 0; fi
  ensure_port_free mail-catcher "${SMTP_PORT}"
  step "Starting the mail catcher (SMTP) on 127.0.0.1:${SMTP_PORT}; mail lands in ${STATE_DIR}/mail"
  setsid nohup node "${INFRA_DIR}/mail-catcher.mjs" "${SMTP_PORT}" "${SECRETS_FILE}" "${STATE_DIR}/mail" \
    >"${LOG_DIR}/mail-catcher.log" 2>&1 &
  echo $! > "${pidfile}"
  mark_started mail-catcher
  wait_for "the mail catcher" 30 port_open "${SMTP_PORT}" || die "the mail catcher did not open ${SMTP_PORT}; see ${LOG_DIR}/mail-catcher.log"
}

write_secrets() {
  # The local secret store's file: generated on first start, completed when a
  # new key appears, never committed. The Kubernetes secret store holds the
  # same keys in the cluster.
  node "${INFRA_DIR}/generate-secrets.mjs" "${DATABASE_URL}" "${SECRETS_FILE}"
}

start_sentry() {
  # Dapr Sentry: the local CA that issues each sidecar its mTLS identity
  # (the certificates are generated on first start, kept in ${SENTRY_DIR}).
  local pidfile="${STATE_DIR}/sentry.pid"
  if pid_alive "${pidfile}" && port_open "${SENTRY_PORT}" && [ -s "${SENTRY_DIR}/ca.crt" ]; then return 0; fi
  ensure_port_free sentry "${SENTRY_PORT}"
  step "Starting Dapr Sentry (mTLS CA) on 127.0.0.1:${SENTRY_PORT}"
  mkdir -p "${SENTRY_DIR}" && chmod 700 "${SENTRY_DIR}"
  setsid nohup "${BIN_DIR}/sentry" --config "${INFRA_DIR}/sentry/config.yaml" --issuer-credentials "${SENTRY_DIR}" \
    --trust-domain localhost --listen-address 127.0.0.1 --port "${SENTRY_PORT}" \
    --healthz-listen-address 127.0.0.1 --healthz-port "$((SENTRY_PORT + 1))" --enable-metrics=false \
    >"${LOG_DIR}/sentry.log" 2>&1 &
  echo $! > "${pidfile}"
  mark_started sentry
  wait_for "Sentry" 30 port_open "${SENTRY_PORT}" || die "Sentry did not open ${SENTRY_PORT}; see ${LOG_DIR}/sentry.log"
  wait_for "Sentry's CA" 30 test -s "${SENTRY_DIR}/ca.crt" || die "Sentry wrote no CA; see ${LOG_DIR}/sentry.log"
}

if [ "${INFRA_MODE}" = containers ]; then
  start_containers
else
  pid_alive "${TEST_INFRA_PID}" &&
    die "PostgreSQL, Redis and Kafka run in containers (TASKMESH_INFRA=containers) on these ports; stop them first: bash infra/down.sh containers"
  start_postgres
  create_database
  start_redis
  start_kafka
fi
create_topics
apply_migrations
write_secrets
start_mail_catcher
start_sentry
