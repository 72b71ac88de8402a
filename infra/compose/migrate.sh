#!/bin/sh
# docker-compose.yml's `migrate` service (issue 17): what the chart's migration
# Job runs (prisma migrate deploy, then each service role's password from its
# URL secret), with the URLs read from the secret store's file instead of
# Kubernetes secrets. Runs in the migrations image, in /app.
set -eu
secret() { node -e 'process.stdout.write(require("/secrets/secrets.json")[process.argv[1]])' "$1"; }
DATABASE_URL=$(secret database-url)
SERVICE_DATABASE_URL_TASKS=$(secret tasks-database-url)
SERVICE_DATABASE_URL_AUDIT=$(secret audit-database-url)
SERVICE_DATABASE_URL_REMINDER=$(secret reminder-database-url)
SERVICE_DATABASE_URL_WEBHOOK=$(secret webhook-database-url)
export DATABASE_URL SERVICE_DATABASE_URL_TASKS SERVICE_DATABASE_URL_AUDIT SERVICE_DATABASE_URL_REMINDER SERVICE_DATABASE_URL_WEBHOOK
npx --no-install prisma migrate deploy
exec node prisma/role-passwords.mjs
