import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Each test file gets its own throwaway database and a fixed secret.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-unit-'));
process.env.DATABASE_PATH = path.join(dir, 'test.db');
process.env.AUTH_SECRET ??= 'unit-test-secret-unit-test-secret-0123456789';
process.env.APP_URL = 'http://parley.test';
