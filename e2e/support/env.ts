// Addresses and credentials of the servers playwright.config.ts starts for the suite.
// E2E_PORT_OFFSET lets two copies of the suite run side by side (ports and data folders move together).
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const APP_PORT = 3107 + offset;
export const MAILBOX_APP_PORT = 3108 + offset;
export const CAPTURE_PORT = 3199 + offset;

export const appUrl = `http://127.0.0.1:${APP_PORT}`;
export const mailboxAppUrl = `http://127.0.0.1:${MAILBOX_APP_PORT}`;
export const captureUrl = `http://127.0.0.1:${CAPTURE_PORT}`;

export const admin = { email: 'admin@parley.test', password: 'sesame-e2e-7391', name: 'Administrator' };
export const e2eSecret = 'e2e-secret-e2e-secret-e2e-secret-0123456789';
export const e2eDataDir = offset ? `.e2e-${offset}` : '.e2e';
export const appDatabasePath = `${e2eDataDir}/main/parley.db`;
export const mailboxDatabasePath = `${e2eDataDir}/mailbox/parley.db`;
// Signs the Resend inbound webhooks the tests send to the main app (POST /api/inbound/resend).
export const inboundWebhookSecret = `whsec_${Buffer.from('e2e-inbound-webhook-secret-0123456789').toString('base64')}`;
// The inbound-mail spec's own Parley server (which it restarts) keeps its data here.
export const inboundDataDir = `${e2eDataDir}/inbound`;
