// Addresses, folders and credentials of the servers the reliability suite starts (reliability/playwright.config.ts
// and the crash part). E2E_PORT_OFFSET moves them together with the e2e suite's, on ports of their own (3300 + offset).
import path from 'node:path';
import { admin, e2eSecret } from '../../e2e/support/env';

const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const ports = {
  app: 3300 + offset,
  capture: 3301 + offset,
  crashApp: 3302 + offset,
  crashCapture: 3303 + offset,
};

export const root = path.resolve(__dirname, '..', '..');
export const dataDir = path.join(root, offset ? `.reliability-${offset}` : '.reliability');
export const appUrl = `http://127.0.0.1:${ports.app}`;
export const captureUrl = `http://127.0.0.1:${ports.capture}`;
export const appDatabasePath = path.join(dataDir, 'main', 'parley.db');
// Everything the main server prints; refused requests must leave no unhandled error in it.
export const serverLog = path.join(dataDir, 'server.log');
export const worldFile = path.join(dataDir, 'world.json');
export const secret = e2eSecret;
export { admin };

/** The environment `npm start` gets for one server of the suite (the main one, or the crash part's own). */
export function serverEnv({ port, capturePort, databasePath }: { port: number; capturePort: number; databasePath: string }): Record<string, string> {
  return {
    AUTH_SECRET: secret,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // Requests carry X-Forwarded-For so per-address rate limits count each simulated visitor on their own.
    TRUST_PROXY: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    OUTBOX_RETRY_BASE_MS: '200',
    // A row claimed by a process that dies is sent again after 3 s instead of 5 minutes (the crash part waits for it).
    OUTBOX_CLAIM_MS: '3000',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    DATABASE_PATH: databasePath,
    RESEND_API_KEY: 're_reliability_capture',
    RESEND_BASE_URL: `http://127.0.0.1:${capturePort}`,
    INBOUND_DOMAIN: 'inbound.parley.test',
  };
}
