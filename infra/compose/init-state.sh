#!/bin/sh
# docker-compose.yml's `state` service (issue 17): generates, on the first
# start only, everything secret the deployment needs into its volumes, never
# into an image or the compose file. Later starts keep what exists (and add a
# key a newer version needs, as generate-secrets.mjs does for npm start).
#   /pgpass/postgres-password   the database superuser's password (postgres only)
#   /secrets/secrets.json       the Dapr local secret store (sidecars, migrate, mail catcher):
#                               every key of infra/generate-secrets.mjs, with a password per
#                               service role (set on the roles by the migrate service)
#   /tokens/app-api-token, /tokens/dapr-api-token   apps and sidecars
#   /sentry, /nameresolution, /mail, /barriers       empty, owned by the runtime user
# Each file appears whole and with its final owner and mode (written aside,
# then renamed), since the other containers start while this one runs and
# wait only for the files to exist (infra/compose/entry.sh).
# Runs as root (a fresh named volume is root-owned) and hands everything to
# uid 1000, the unprivileged user of the app, dapr and mail-catcher images.
set -eu
umask 077
RUNTIME_UID=1000

random() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }
# put FILE OWNER MODE: standard input into FILE, atomically, unless FILE exists.
put() {
  [ -s "$1" ] && return 0
  cat > "$1.new" && chown "$2" "$1.new" && chmod "$3" "$1.new" && mv "$1.new" "$1"
}

chown "${RUNTIME_UID}:${RUNTIME_UID}" /tokens /secrets /sentry /nameresolution /mail /barriers
chmod 0700 /secrets /sentry /nameresolution /mail
chmod 0750 /tokens /barriers
# The database image's own user reads it; only the postgres service mounts this volume.
chmod 0755 /pgpass
random | put /pgpass/postgres-password 0:0 0444
for name in app-api-token dapr-api-token; do random | put "/tokens/${name}" "${RUNTIME_UID}:${RUNTIME_UID}" 0440; done
# generate-secrets.mjs renames its file into place; it runs as the runtime user
# so that file is born with the owner that reads it.
setpriv --reuid "${RUNTIME_UID}" --regid "${RUNTIME_UID}" --clear-groups \
  node /taskmesh/generate-secrets.mjs \
  "postgresql://postgres:$(cat /pgpass/postgres-password)@127.0.0.1:${POSTGRES_PORT:-55432}/taskmesh" \
  /secrets/secrets.json
echo "state ready: tokens, secrets.json ($(node -p 'Object.keys(require("/secrets/secrets.json")).length') keys), postgres password"
