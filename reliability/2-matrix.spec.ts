import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { matrix, notCovered, type Ctx, type Row } from './matrix-table';
import { actionOutcome, buildActions, callAction } from './support/actions';
import { admin, appUrl, root, worldFile } from './support/env';
import { printFigure } from './support/figures';
import { api, send, signIn, type Reply } from './support/http';
import { agentPassword, principals, readWorld, type Principal, type World } from './support/world';

// The authorisation matrix: every row of matrix-table.ts × every principal, compared with the table.

function builtRoutesAndPages(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'server', 'app-paths-manifest.json'), 'utf8'));
  return Object.keys(manifest).filter((key) => !notCovered.has(key));
}

function httpAllowed(row: Row & { call: { kind: 'http' } }, reply: Reply, w: World): boolean {
  const { proof, redirect, orRedirect } = row.call;
  const redirected = reply.status >= 300 && reply.status < 400;
  if (redirect) return redirected;
  if (orRedirect && redirected) return true;
  if (reply.status < 200 || reply.status >= 300) return false;
  return proof ? reply.body.includes(proof(w)) : true;
}

/** A new session for a principal whose sessions a call ended, kept in the world file for the parts that follow. */
async function signInAgain(w: World, principal: Principal) {
  const email = principal === 'admin' ? admin.email : w.agentEmails[principal as keyof World['agentEmails']];
  const cookie = await signIn(appUrl, { email, password: principal === 'admin' ? admin.password : agentPassword });
  w.credentials[principal] = { ...w.credentials[principal], cookie };
  if (principal === 'admin') w.adminCookie = cookie;
  fs.writeFileSync(worldFile, JSON.stringify(w, null, 2));
}

test('authorisation matrix: every route, page and action × every principal', async () => {
  const w = readWorld();
  const actions = buildActions();

  const covered = new Set(matrix.map((row) => row.covers));
  const missing = [...builtRoutesAndPages(), ...actions.keys()].filter((key) => !covered.has(key));
  expect(missing, 'routes, pages and actions of the build with no row in reliability/matrix-table.ts').toEqual([]);
  const unknown = matrix.filter((row) => row.call.kind === 'action' && !actions.has(row.call.action)).map((row) => row.name);
  expect(unknown, 'rows naming an action the build does not have').toEqual([]);

  const adminApi = (method: string, p: string, data?: unknown) => api(appUrl, w.adminToken, method, p, data);
  const unexpectedAllows: string[] = [];
  const unexpectedRefusals: string[] = [];
  const serverErrors: string[] = [];
  let calls = 0;
  for (const row of matrix) {
    for (const principal of principals as readonly Principal[]) {
      const who = w.credentials[principal];
      const prepared = row.prepare ? await row.prepare(w, adminApi) : undefined;
      const ctx: Ctx = { w, who, unique: `${Date.now().toString(36)}-${calls}`, prepared };
      let reply: Reply;
      let allowed: boolean;
      if (row.call.kind === 'action') {
        reply = await callAction(appUrl, { actionId: actions.get(row.call.action)!.id, page: row.call.page(ctx), fields: row.call.fields(ctx), args: row.call.args?.(ctx), cookie: who.cookie });
        allowed = actionOutcome(reply) === 'ok';
      } else {
        const body = row.call.json?.(ctx);
        reply = await send(appUrl, {
          method: row.call.method ?? 'GET',
          path: row.call.path(ctx),
          cookie: who.cookie,
          bearer: who.bearer,
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
          ...row.call.form?.(ctx),
        });
        allowed = httpAllowed(row as Row & { call: { kind: 'http' } }, reply, w);
      }
      calls += 1;
      if (row.endsSessions && allowed) await signInAgain(w, principal);
      const what = `${row.name} as ${principal} → ${reply.status}`;
      if (reply.status >= 500) serverErrors.push(`${what}: ${reply.body.slice(0, 200)}`);
      const expected = row.allow.includes(principal);
      if (allowed && !expected) unexpectedAllows.push(what);
      if (!allowed && expected) unexpectedRefusals.push(`${what}: ${reply.body.slice(0, 200)}`);
    }
  }
  printFigure('matrix', `${calls} calls (${matrix.length} rows × ${principals.length} principals), ${unexpectedAllows.length} unexpected allows, ${unexpectedRefusals.length} unexpected refusals, ${serverErrors.length} 5xx`);
  expect.soft(unexpectedAllows, 'calls that got through although the table refuses them').toEqual([]);
  expect.soft(unexpectedRefusals, 'calls the table allows that were refused').toEqual([]);
  expect(serverErrors).toEqual([]);
});
