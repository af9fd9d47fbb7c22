import { expect, test } from '@playwright/test';
import { verifyAccessToken, verifyRecipientToken } from '../lib/participants/links';
import { countRows, grownTables, openReadOnly } from './support/db';
import { appDatabasePath, appUrl, captureUrl, secret } from './support/env';
import { printFigure } from './support/figures';
import { pool, send } from './support/http';
import { inPath, mutateToken } from './support/mutate';
import { readWorld } from './support/world';

// 10,000 mutated customer, participant and reply-address tokens: none may be accepted, none may cause a 5xx.
// Every one goes through the verifier the server uses (lib/participants/links.ts). Over HTTP, personal-link tokens are
// opened as /t/<token> (a refused one answers 404; 410 once a holder left) and reply-address tokens are posted as
// one-click unsubscribe tokens, which they must never stand in for. How many go over HTTP is RELIABILITY_LINKS_HTTP
// (default 600, spread over the three kinds; `all` sends every one — about 10 minutes on a loaded 2-core machine).

const TOTAL = 10_000;
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const overHttp = process.env.RELIABILITY_LINKS_HTTP === 'all' ? TOTAL : Number(process.env.RELIABILITY_LINKS_HTTP ?? 600);

/** Every `n/total`-th item, so the HTTP sample covers every kind of mutation. */
const spread = <T>(items: T[], n: number) => (n >= items.length ? items : items.filter((_, i) => Math.floor((i * n) / items.length) !== Math.floor(((i + 1) * n) / items.length)));

test('links: mutated tokens are all refused', async () => {
  test.setTimeout(overHttp === TOTAL ? 1_800_000 : 240_000);
  const w = readWorld();
  const customer = w.credentials.customer.link!;
  const participant = w.credentials.participant.link!;
  const messages = JSON.parse((await send(captureUrl, { path: '/__messages' })).body).messages as { body: { reply_to?: string | string[] } }[];
  const replyTo = messages.map((m) => [m.body.reply_to ?? []].flat()[0]).find((address) => address?.startsWith('reply+'));
  expect(replyTo, 'a notification with a reply+<token> Reply-To address').toBeTruthy();
  const replyToken = /^reply\+([^@]+)@/.exec(replyTo!)![1];
  expect(verifyRecipientToken('reply-address', replyToken, secret), 'the unmutated reply-address token is valid').not.toBeNull();
  expect(verifyAccessToken(customer, secret), 'the unmutated customer link is valid').not.toBeNull();

  const perKind = Math.floor(TOTAL / 3);
  const linkDonors = [customer, participant, w.credentials.removedParticipant.link!];
  const mutatedCustomer = mutateToken(customer, TOTAL - 2 * perKind, { seed: 1, alphabet: base64url, donors: linkDonors });
  const mutatedParticipant = mutateToken(participant, perKind, { seed: 2, alphabet: base64url, donors: linkDonors });
  const mutatedReply = mutateToken(replyToken, perKind, { seed: 3, alphabet: '0123456789abcdef', donors: [replyToken], same: (a, b) => a.trim().toLowerCase() === b.toLowerCase() });
  expect(mutatedCustomer.length + mutatedParticipant.length + mutatedReply.length).toBe(TOTAL);

  const accepted: string[] = [
    ...[...mutatedCustomer, ...mutatedParticipant].filter((token) => verifyAccessToken(token, secret)),
    ...mutatedReply.filter((token) => verifyRecipientToken('reply-address', token, secret) || verifyRecipientToken('unsubscribe', token, secret)),
  ];

  const db = openReadOnly(appDatabasePath);
  const before = countRows(db);
  let serverErrors = 0;
  const not404: string[] = [];
  const link = (token: string) => async () => {
    const reply = await send(appUrl, { path: `/t/${inPath(token)}` });
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 200 && reply.body.includes(w.ticket.subject)) accepted.push(`GET /t/${token}`);
    else if (reply.status !== 404 && reply.status !== 410) not404.push(`${reply.status} /t/${token}`);
  };
  const unsubscribe = (token: string) => async () => {
    const reply = await send(appUrl, { method: 'POST', path: `/unsubscribe/${inPath(token)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 200) accepted.push(`POST /unsubscribe/${token}`);
  };
  const share = Math.floor(overHttp / 3);
  const jobs = [
    ...spread(mutatedCustomer, overHttp - 2 * share).map(link),
    ...spread(mutatedParticipant, share).map(link),
    ...spread(mutatedReply, share).map(unsubscribe),
  ];
  await pool(jobs, 8, (job) => job());
  const stored = grownTables(before, countRows(db));
  db.close();

  printFigure(
    'links',
    `${TOTAL} mutated (${mutatedCustomer.length} customer, ${mutatedParticipant.length} participant, ${mutatedReply.length} reply-address; ${jobs.length} also over HTTP), ${accepted.length} accepted, ${serverErrors} 5xx, ${not404.length} refused links not answered 404`,
  );
  expect.soft(accepted, 'mutated tokens that were accepted').toEqual([]);
  expect.soft(serverErrors, 'mutated tokens answered with a 5xx').toBe(0);
  expect.soft(stored, 'rows stored by refused tokens').toEqual({});
  expect.soft(not404.slice(0, 10), `refused /t/ links must answer 404 (${not404.length} did not)`).toEqual([]);
});
