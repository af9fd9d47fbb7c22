import { expect, test } from '@playwright/test';
import { buildActions, callAction } from './support/actions';
import { openReadOnly } from './support/db';
import { appDatabasePath, appUrl, captureUrl } from './support/env';
import { printFigure } from './support/figures';
import { api, multipart, send } from './support/http';
import { captured, waitForDrain } from './support/outbox';
import { linkToken, readWorld, type World } from './support/world';

// Side replies (issue 18): a reply sent to chosen people reaches nobody else by any personal route. On a ticket with
// its customer and two participants, side replies (each with a file) go to one person each; then every personal route
// of every other person is tried — the personal page, its older pages, its live poll, downloads through their link,
// the emails they were sent, and answering the side reply through their link — and each time the side reply's secret
// word (or file) reaching them is a leak. The recipients themselves must get it by the same routes (so the check
// cannot pass by showing nothing to anyone).

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const olderThanAll = Buffer.from('9999999999999.999999999').toString('base64url');

type Person = { name: string; email: string; token: string; recipient: string };

let w: World;
const adminApi = <T = unknown>(method: string, path: string, data?: unknown) => api<T>(appUrl, w.adminToken, method, path, data);

test('side replies: no personal route shows one to someone it was not for', async () => {
  test.setTimeout(240_000);
  w = readWorld();
  await adminApi('PATCH', '/api/v1/settings', { participantsEnabled: true, copyParticipants: true });
  const id = unique();
  const created = await adminApi<{ ticket: { id: number; customer: { id: number; email: string; ticketUrl: string } } }>('POST', '/api/v1/tickets', {
    subject: `Side replies ${id}`,
    message: 'First message',
    customer: { email: `side-carol-${id}@acme.test`, name: 'Carol Side' },
  });
  const ticketId = created.ticket.id;
  const people: Person[] = [{ name: 'Carol Side', email: created.ticket.customer.email, token: linkToken(created.ticket.customer.ticketUrl), recipient: 'customer' }];
  for (const name of ['Pat', 'Dan']) {
    const email = `side-${name.toLowerCase()}-${id}@guests.test`;
    const { participant } = await adminApi<{ participant: { id: number; ticketUrl: string } }>('POST', `/api/v1/tickets/${ticketId}/participants`, { email, name });
    people.push({ name, email, token: linkToken(participant.ticketUrl), recipient: String(participant.id) });
  }
  // Open the ticket with a reply to everyone, so a side reply changes nothing else anyone may notice.
  await adminApi('POST', `/api/v1/tickets/${ticketId}/replies`, { message: `To everyone ${id}` });

  const versionOf = async (person: Person) => (JSON.parse((await send(appUrl, { method: 'POST', path: '/api/live/link', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: person.token }) })).body) as { version: number }).version;
  const versionsBefore = new Map<string, number>();
  for (const person of people) versionsBefore.set(person.email, await versionOf(person));

  // One side reply per person, each with a secret word and a file, to that person only.
  const sides: { to: Person; secret: string; replyId: number; fileId: number }[] = [];
  for (const person of people) {
    const secret = `SIDE-SECRET-${person.name.toUpperCase()}-${id}`;
    const form = multipart({ message: `For ${person.name} only: ${secret}`, to: person.recipient === 'customer' ? 'customer' : person.recipient }, [
      { filename: `side-${person.name}.txt`, type: 'text/plain', content: `file ${secret}` },
    ]);
    const reply = await send(appUrl, { method: 'POST', path: `/api/v1/tickets/${ticketId}/replies`, bearer: w.adminToken, ...form });
    expect(reply.status, reply.body.slice(0, 300)).toBe(201);
    const body = JSON.parse(reply.body) as { reply: { id: number; to: unknown; attachments: { id: number }[] } };
    expect(body.reply.to, 'the API names whom the side reply was to').toEqual([expect.objectContaining({ email: person.email })]);
    sides.push({ to: person, secret, replyId: body.reply.id, fileId: body.reply.attachments[0].id });
  }

  const db = openReadOnly(appDatabasePath);
  await waitForDrain(db);
  db.close();
  const mail = await captured(captureUrl);
  const actions = buildActions();
  const olderAction = actions.get('app/t/[token]/actions.ts#loadOlderLinkRepliesAction')!;
  const replyAction = actions.get('app/t/[token]/actions.ts#sendLinkReplyAction')!;

  const leaks: string[] = [];
  const missing: string[] = [];
  let checks = 0;
  for (const person of people) {
    const page = (await send(appUrl, { path: `/t/${person.token}` })).body;
    const older = (await callAction(appUrl, { actionId: olderAction.id, page: `/t/${person.token}`, args: [person.token, olderThanAll] })).body;
    const emails = mail.filter((m) => [m.body.to].flat().includes(person.email)).map((m) => JSON.stringify(m.body));
    for (const side of sides) {
      const theirs = side.to === person;
      const seen = (route: string, shown: boolean) => {
        checks += 1;
        if (shown && !theirs) leaks.push(`${route}: ${person.name} sees the side reply to ${side.to.name}`);
        if (!shown && theirs) missing.push(`${route}: ${person.name} does not get their own side reply`);
      };
      seen('page', page.includes(side.secret));
      // Older pages: before every reply, so everything the person may see older than the newest page (nothing
      // here); a leak would be the secret in it.
      if (!theirs) seen('older replies', older.includes(side.secret));
      const file = await send(appUrl, { path: `/t/${person.token}/files/${side.fileId}` });
      seen('file link', file.status === 200 && file.body.includes(side.secret));
      seen('emails', emails.some((text) => text.includes(side.secret)));
      {
        // Answering it through their link: refused for others (no reply is stored, one that would go to its
        // people), stored for its recipient.
        const message = `Answer ${person.name} to ${side.to.name} ${id}`;
        const answer = await callAction(appUrl, {
          actionId: replyAction.id,
          page: `/t/${person.token}`,
          fields: { token: person.token, email: person.email, message, inReplyTo: String(side.replyId) },
        });
        expect(answer.status, 'the refused answer is a form error, not a 5xx').toBeLessThan(500);
        const reader = openReadOnly(appDatabasePath);
        const stored = reader.prepare('select count(*) from replies where ticket_id = ? and body = ?').pluck().get(ticketId, message) as number;
        reader.close();
        seen('answer through the link', stored > 0);
      }
    }
    // The live poll: it moves for their own side reply only.
    const moved = (await versionOf(person)) !== versionsBefore.get(person.email);
    checks += 1;
    if (!moved) missing.push(`live poll: ${person.name}'s page did not move for their own side reply`);
  }
  // Each person got exactly one side reply, so each poll moved once; a poll that moves for others' side replies is
  // checked by a person with none: a fresh participant added after the side replies sees none of them and no movement.
  const { participant: late } = await adminApi<{ participant: { id: number; ticketUrl: string } }>('POST', `/api/v1/tickets/${ticketId}/participants`, { email: `side-late-${id}@guests.test`, name: 'Late' });
  const lateToken = linkToken(late.ticketUrl);
  const lateBefore = await versionOf({ name: 'Late', email: '', token: lateToken, recipient: '' });
  await adminApi('POST', `/api/v1/tickets/${ticketId}/replies`, { message: `Another side reply ${id}`, to: [Number(people[1].recipient)] });
  checks += 1;
  if ((await versionOf({ name: 'Late', email: '', token: lateToken, recipient: '' })) !== lateBefore) leaks.push('live poll: a side reply to Pat moved Late’s page');
  const latePage = (await send(appUrl, { path: `/t/${lateToken}` })).body;
  for (const side of sides) {
    checks += 1;
    if (latePage.includes(side.secret)) leaks.push(`page: Late sees the side reply to ${side.to.name}`);
  }

  printFigure('side replies', `${checks} checks over the personal routes of ${people.length + 1} people, ${leaks.length} leaks, ${missing.length} side replies missing for their recipients`);
  expect.soft(leaks, 'side replies that reached someone they were not for').toEqual([]);
  expect.soft(missing, 'side replies that did not reach their own recipients').toEqual([]);
});
