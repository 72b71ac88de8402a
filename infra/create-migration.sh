#!/usr/bin/env bash
# Creates prisma/migrations/<timestamp>_<name>/migration.sql from the
# difference between the committed migrations and prisma/schema.prisma.
# Use instead of `prisma migrate dev --create-only`, which crashes with the
# WASM schema engine ("null pointer passed to rust"). Needs the project's
# PostgreSQL running (npm run infra:up): the diff replays migrations in a
# temporary shadow database.
source "$(dirname "$0")/lib.sh"
name="${1:?usage: npm run db:migration:new -- <name>}"
cd "${REPO_DIR}"
# Outside prisma/migrations: an empty folder there reads as a broken migration (P3015).
tmp="$(mktemp)"
DATABASE_URL="${DATABASE_URL}" npx prisma migrate diff --from-migrations prisma/migrations \
  --to-schema-datamodel prisma/schema.prisma --script -o "${tmp}"
if grep -q "This is an empty migration" "${tmp}"; then rm -f "${tmp}"; echo "No schema changes."; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "${dir}"
mv "${tmp}" "${dir}/migration.sql"
echo "Created ${dir}/migration.sql: review it, add what Prisma cannot express, then run npm run db:deploy"
