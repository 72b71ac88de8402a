# One image for every Taskmesh service (docker-compose.yml picks the entry
# point). Per-service multi-stage images for the cluster come with the Helm chart.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY web ./web
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json ./
RUN npm ci --no-audit --no-fund && npx prisma generate

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=deps --chown=node:node /app /app
USER node
