# Production image: Node 24 runs the TypeScript sources directly (type stripping), so the only
# build step is the SolidJS bundle. Point DATABASE_URL at your Postgres (owner role) and set
# APP_DATABASE_PASSWORD (or APP_DATABASE_URL) for the application role.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json tsconfig.json ./
# patches/: fixes applied to dependencies at install (patch-package), e.g. postgres.js surviving a lost connection
COPY patches patches
COPY apps apps
COPY packages packages
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@guichet/web

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 WORKER_IN_PROCESS=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches patches
COPY apps apps
COPY packages packages
RUN npm ci --omit=dev --no-audit --no-fund && rm -rf apps/web/src
COPY --from=build /app/apps/web/dist apps/web/dist
COPY migrations migrations
COPY tenants tenants
USER node
EXPOSE 3000
# The same image runs workers: docker run … node apps/worker/src/main.ts
CMD ["node", "apps/server/src/main.ts"]
