// PLACEHOLDER: replaced by the backend implementation (server/app.ts builds the app, this file listens).
import https from 'node:https';
import { readFileSync } from 'node:fs';
import express from 'express';

const app = express();
app.get('/api/health', (_req, res) => {
  res.json({ status: 'ok' });
});
const port = Number(process.env.PORT ?? 53000);
https
  .createServer(
    { cert: readFileSync(process.env.SSL_CRT_FILE!), key: readFileSync(process.env.SSL_KEY_FILE!) },
    app,
  )
  .listen(port, () => console.log(`Server listening on https://localhost:${port}`));
process.on('SIGTERM', () => process.exit(0));
