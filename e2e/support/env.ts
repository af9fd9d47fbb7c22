// Addresses and credentials of the servers playwright.config.ts starts for the suite.
export const APP_PORT = 3107;
export const MAILBOX_APP_PORT = 3108;
export const CAPTURE_PORT = 3199;

export const appUrl = `http://127.0.0.1:${APP_PORT}`;
export const mailboxAppUrl = `http://127.0.0.1:${MAILBOX_APP_PORT}`;
export const captureUrl = `http://127.0.0.1:${CAPTURE_PORT}`;

export const admin = { email: 'admin@parley.test', password: 'admin-password-123', name: 'Administrator' };
export const e2eSecret = 'e2e-secret-e2e-secret-e2e-secret-0123456789';
export const e2eDataDir = '.e2e';
export const appDatabasePath = `${e2eDataDir}/main/parley.db`;
export const mailboxDatabasePath = `${e2eDataDir}/mailbox/parley.db`;
