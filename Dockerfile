# motcua: one image for the server, the worker and the CLI (TypeScript run by tsx, no build step).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Fonts with Vietnamese diacritics for the printed QR posters.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY config ./config
COPY webhooks ./webhooks
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts", "all"]
