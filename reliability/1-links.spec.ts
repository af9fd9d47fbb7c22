import { expect, test } from '@playwright/test';
import { verifyRecipientToken } from '../lib/access-links';
import { countRows, grownTables, openReadOnly } from './support/db';
import { appDatabasePath, appUrl, captureUrl, secret } from './support/env';
import { printFigure } from './support/figures';
import { pool, send } from './support/http';
import { inPath, mutateToken } from './support/mutate';
import { readWorld } from './support/world';

// 10,000 mutated customer, participant and reply-address tokens: none may be accepted, none may cause a 5xx.
// Personal-link tokens are opened as /t/<token>; a refused one answers 404 (410 allowed once a holder left).
// Reply-address tokens are checked with the verifier inbound mail uses, and posted as one-click unsubscribe tokens,
// which they must never stand in for.

const TOTAL = 10_000;
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

test('links: mutated tokens are all refused', async () => {
  const w = readWorld();
  const customer = w.credentials.customer.link!;
  const participant = w.credentials.participant.link!;
  const messages = JSON.parse((await send(captureUrl, { path: '/__messages' })).body).messages as { body: { to: string | string[]; reply_to?: string | string[] } }[];
  const replyTo = messages.map((m) => [m.body.reply_to ?? []].flat()[0]).find((address) => address?.startsWith('reply+'));
  expect(replyTo, 'a notification with a reply+<token> Reply-To address').toBeTruthy();
  const replyToken = /^reply\+([^@]+)@/.exec(replyTo!)![1];
  expect(verifyRecipientToken('reply-address', replyToken, secret), 'the unmutated reply-address token is valid').not.toBeNull();

  const perKind = Math.floor(TOTAL / 3);
  const linkDonors = [customer, participant, w.credentials.removedParticipant.link!];
  const mutatedCustomer = mutateToken(customer, TOTAL - 2 * perKind, { seed: 1, alphabet: base64url, donors: linkDonors });
  const mutatedParticipant = mutateToken(participant, perKind, { seed: 2, alphabet: base64url, donors: linkDonors });
  const mutatedReply = mutateToken(replyToken, perKind, {
    seed: 3,
    alphabet: '0123456789abcdef',
    donors: [replyToken],
    same: (a, b) => a.trim().toLowerCase() === b.toLowerCase(),
  });
  expect(mutatedCustomer.length + mutatedParticipant.length + mutatedReply.length).toBe(TOTAL);

  const db = openReadOnly(appDatabasePath);
  const before = countRows(db);
  let accepted = 0;
  let serverErrors = 0;
  const acceptedExamples: string[] = [];
  const notFoundStatus: string[] = [];
  const link = (token: string) => async () => {
    const reply = await send(appUrl, { path: `/t/${inPath(token)}` });
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 200 && reply.body.includes(w.ticket.subject)) {
      accepted += 1;
      acceptedExamples.push(token);
    } else if (reply.status !== 404 && reply.status !== 410) notFoundStatus.push(`${reply.status} ${token}`);
  };
  const replyAddress = (token: string) => async () => {
    if (verifyRecipientToken('reply-address', token, secret)) {
      accepted += 1;
      acceptedExamples.push(token);
    }
    const reply = await send(appUrl, { method: 'POST', path: `/unsubscribe/${inPath(token)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 200) {
      accepted += 1;
      acceptedExamples.push(`unsubscribe ${token}`);
    }
  };
  const jobs = [...mutatedCustomer.map(link), ...mutatedParticipant.map(link), ...mutatedReply.map(replyAddress)];
  await pool(jobs, 12, (job) => job());
  const stored = grownTables(before, countRows(db));
  db.close();

  printFigure(
    'links',
    `${TOTAL} mutated (${mutatedCustomer.length} customer, ${mutatedParticipant.length} participant, ${mutatedReply.length} reply-address), ${accepted} accepted, ${serverErrors} 5xx, ${notFoundStatus.length} refused links not answered 404`,
  );
  expect(acceptedExamples, 'mutated tokens that were accepted').toEqual([]);
  expect(serverErrors, 'mutated tokens answered with a 5xx').toBe(0);
  expect(stored, 'rows stored by refused tokens').toEqual({});
  expect(notFoundStatus.slice(0, 10), `refused /t/ links must answer 404 (${notFoundStatus.length} did not)`).toEqual([]);
});
