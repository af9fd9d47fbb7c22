import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, type Agent } from '@/db/schema';
import { ticketUrlFor } from '@/lib/participants/link-access';
import { attachmentResponse, attachmentUrl, attachmentViewsByReply, contentDisposition, getAttachmentForAgent, getAttachmentForLink, removeAttachment } from '@/lib/attachments/access';
import { backupAttachmentsFolder, writeSnapshot } from '@/lib/files/backup';
import { attachmentFilePath, getAttachmentById, storeAttachmentFile, sweepAttachmentFiles, SWEEP_GRACE_MS } from '@/lib/files/store';
import { getDb, getSqlite } from '@/lib/core/db';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { replyThroughLink } from '@/lib/participants/portal';
import { addAgentReply, createTicket, rotateTicketLinks, updateTicket } from '@/lib/tickets/tickets';
import { AppError } from '@/lib/core/errors';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, newAgent, newTicket, repliesOf, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let admin: Agent;
let agent: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  agent = await newAgent('agent');
});
beforeEach(() => setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false, copyParticipants: true }));

const file = (text: string, name = 'notes.txt') => storeAttachmentFile({ data: Buffer.from(`${text} ${Math.random()}`), filename: name });

/** A ticket with a customer file, a participant, an agent's public file and a private note's file. */
async function scene() {
  const ticket = createTicket(
    { subject: unique('Files'), message: 'See attached', customer: { email: `${unique('cust')}@files.test`, name: 'Cara' } },
    { kind: 'public', source: 'web' },
    [await file('customer log', 'app.log')],
  );
  const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('guest')}@else.test`, name: 'Gus' } });
  const publicReply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Here is the fix', files: [await file('patch', 'fix.patch')] });
  const note = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'internal', private: 'true', files: [await file('secret', 'secret.txt')] });
  const byReply = attachmentViewsByReply([repliesOf(ticket.id)[0].id, publicReply.id, note.id], { kind: 'agent' });
  return {
    ticket,
    guest,
    customerToken: tokenOf(ticketUrlFor(ticket, { kind: 'customer', id: ticket.customerId })),
    guestToken: tokenOf(guest.ticketUrl),
    customerFile: byReply.get(repliesOf(ticket.id)[0].id)![0],
    publicFile: byReply.get(publicReply.id)![0],
    noteFile: byReply.get(note.id)![0],
  };
}

describe('download authorisation', () => {
  it('lets agents who may see the ticket fetch every file, private notes’ included', async () => {
    const s = await scene();
    for (const a of [s.customerFile, s.publicFile, s.noteFile]) {
      expect(getAttachmentForAgent({ id: a.id, agent }).id).toBe(a.id);
      expect(getAttachmentForAgent({ id: a.id, agent: admin }).id).toBe(a.id);
    }
  });

  it('refuses restricted agents the files of tickets assigned to someone else', async () => {
    const s = await scene();
    updateTicket({ ticketId: s.ticket.id, agent: admin, input: { assigneeId: admin.id } });
    setSettings({ restrictAgentsToAssigned: true });
    const refused = await appErrorFrom(() => getAttachmentForAgent({ id: s.publicFile.id, agent }));
    expect([refused.status, refused.message]).toEqual([403, 'You may not see this ticket.']);
    expect(getAttachmentForAgent({ id: s.publicFile.id, agent: admin }).id).toBe(s.publicFile.id);
  });

  it('answers 404 for a file that does not exist, to agents, link holders and admins removing it', async () => {
    const s = await scene();
    for (const fn of [
      () => getAttachmentForAgent({ id: 987_654, agent: admin }),
      () => getAttachmentForLink({ token: s.customerToken, id: 987_654 }),
      () => removeAttachment({ id: 987_654, agent: admin }),
    ]) {
      const error = await appErrorFrom(fn);
      expect([error.status, error.message]).toEqual([404, 'Attachment not found.']);
    }
  });

  it('lets the customer and participants fetch public files through their own link, never a private note’s', async () => {
    const s = await scene();
    for (const token of [s.customerToken, s.guestToken]) {
      expect(getAttachmentForLink({ token, id: s.customerFile.id }).id).toBe(s.customerFile.id);
      expect(getAttachmentForLink({ token, id: s.publicFile.id }).id).toBe(s.publicFile.id);
      // A private note's file is "not found", exactly like a file that does not exist.
      const hidden = await appErrorFrom(() => getAttachmentForLink({ token, id: s.noteFile.id }));
      expect([hidden.status, hidden.message]).toEqual([404, 'Attachment not found.']);
    }
  });

  it('refuses a link to another ticket', async () => {
    const s = await scene();
    const other = newTicket();
    const otherToken = tokenOf(ticketUrlFor(other, { kind: 'customer', id: other.customerId }));
    expect((await appErrorFrom(() => getAttachmentForLink({ token: otherToken, id: s.publicFile.id }))).status).toBe(404);
  });

  it('stops a removed participant, a rotated link and participants turned off at once', async () => {
    const s = await scene();
    setSettings({ participantsEnabled: false });
    expect((await appErrorFrom(() => getAttachmentForLink({ token: s.guestToken, id: s.publicFile.id }))).status).toBe(403);
    expect(getAttachmentForLink({ token: s.customerToken, id: s.publicFile.id }).id).toBe(s.publicFile.id);
    setSettings({ participantsEnabled: true });
    removeParticipant({ ticketId: s.ticket.id, participantId: s.guest.id, agent: admin });
    expect((await appErrorFrom(() => getAttachmentForLink({ token: s.guestToken, id: s.publicFile.id }))).status).toBe(403);
    rotateTicketLinks({ ticketId: s.ticket.id, agent: admin });
    expect((await appErrorFrom(() => getAttachmentForLink({ token: s.customerToken, id: s.publicFile.id }))).status).toBe(403);
  });

  it('refuses a forged link', async () => {
    const s = await scene();
    const forged = s.customerToken.slice(0, -2) + (s.customerToken.endsWith('AA') ? 'BB' : 'AA');
    expect((await appErrorFrom(() => getAttachmentForLink({ token: forged, id: s.publicFile.id }))).status).toBe(403);
  });
});

describe('removing a file', () => {
  it('is for admins; it is audited, shows as removed, and nobody can fetch it afterwards', async () => {
    const s = await scene();
    const refused = await appErrorFrom(() => removeAttachment({ id: s.publicFile.id, agent }));
    expect([refused.status, refused.message]).toEqual([403, 'Only administrators can remove attachments.']);
    expect(attachmentViewsByReply([getAttachmentById({ id: s.publicFile.id })!.replyId], { kind: 'agent' }).get(getAttachmentById({ id: s.publicFile.id })!.replyId)![0].removed).toBe(false);
    removeAttachment({ id: s.publicFile.id, agent: admin });
    expect(auditOf(s.ticket.id, 'attachment.removed')[0].detail).toMatchObject({ attachmentId: s.publicFile.id, filename: 'fix.patch' });
    expect(attachmentViewsByReply([getAttachmentById({ id: s.publicFile.id })!.replyId], { kind: 'agent' }).get(getAttachmentById({ id: s.publicFile.id })!.replyId)![0].removed).toBe(true);
    expect((await appErrorFrom(() => getAttachmentForAgent({ id: s.publicFile.id, agent: admin }))).message).toMatch(/removed/);
    expect((await appErrorFrom(() => getAttachmentForLink({ token: s.customerToken, id: s.publicFile.id }))).status).toBe(404);
  });

  it('lets the sweep delete the bytes once no live attachment uses them', async () => {
    const s = await scene();
    const row = getAttachmentById({ id: s.customerFile.id })!;
    removeAttachment({ id: row.id, agent: admin });
    const old = new Date(Date.now() - SWEEP_GRACE_MS - 60_000);
    fs.utimesSync(attachmentFilePath(row.sha256), old, old);
    await sweepAttachmentFiles();
    expect(fs.existsSync(attachmentFilePath(row.sha256))).toBe(false);
  });
});

describe('serving', () => {
  const request = (query = '') => new Request(`http://parley.test/x${query}`);

  it('shows raster images inline and everything else as a download, with the protective headers', async () => {
    const ticket = newTicket();
    const reply = addAgentReply({
      ticketId: ticket.id,
      agent: admin,
      message: 'files',
      files: await Promise.all([
        storeAttachmentFile({ data: PNG, filename: 'shot.png' }),
        storeAttachmentFile({ data: Buffer.from('<!doctype html><script>alert(1)</script>'), filename: 'page.html' }),
        storeAttachmentFile({ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), filename: 'logo.svg' }),
      ]),
    });
    const [png, html, svg] = attachmentViewsByReply([reply.id], { kind: 'agent' }).get(reply.id)!.map((v) => getAttachmentById({ id: v.id })!);
    const image = attachmentResponse(png, request());
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(attachmentResponse(png, request('?download=1')).headers.get('content-disposition')).toMatch(/^attachment; /);
    for (const active of [html, svg]) {
      const response = attachmentResponse(active, request());
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
    }
    for (const row of [png, html, svg]) {
      const headers = attachmentResponse(row, request()).headers;
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('content-security-policy')).toBe('sandbox');
      expect(headers.get('cache-control')).toMatch(/^private/);
    }
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
  });

  it('serves PDFs and plain text as themselves, other types as octet-stream', async () => {
    const ticket = newTicket();
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'files', files: [await storeAttachmentFile({ data: PNG, filename: 'shot.png' })] });
    const png = getAttachmentById({ id: attachmentViewsByReply([reply.id], { kind: 'agent' }).get(reply.id)![0].id })!;
    const typeServed = (contentType: string) => attachmentResponse({ ...png, contentType }, request()).headers.get('content-type');
    expect(typeServed('application/pdf')).toBe('application/pdf');
    expect(typeServed('text/plain')).toBe('text/plain');
    expect(typeServed('text/plain; charset=utf-8')).toBe('text/plain; charset=utf-8');
    expect(typeServed('application/x-text/plain')).toBe('application/octet-stream');
    expect(typeServed('application/zip')).toBe('application/octet-stream');
    expect(attachmentResponse(png, request()).headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers a matching If-None-Match with 304 and no body; a stale one gets the file', async () => {
    const ticket = newTicket();
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'files', files: [await storeAttachmentFile({ data: PNG, filename: 'shot.png' })] });
    const png = getAttachmentById({ id: attachmentViewsByReply([reply.id], { kind: 'agent' }).get(reply.id)![0].id })!;
    const fresh = attachmentResponse(png, request());
    expect(fresh.headers.get('etag')).toBe(`"${png.sha256}"`);
    expect(fresh.headers.get('content-length')).toBe(String(PNG.length));
    const revalidated = attachmentResponse(png, new Request('http://parley.test/x', { headers: { 'if-none-match': `"${png.sha256}"` } }));
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBeNull();
    expect(revalidated.headers.get('cache-control')).toBe('private, no-cache');
    const stale = attachmentResponse(png, new Request('http://parley.test/x', { headers: { 'if-none-match': '"0000"' } }));
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer())).toEqual(PNG);
  });

  it('answers 404 when the bytes of a file are gone from the server', async () => {
    const ticket = newTicket();
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'files', files: [await storeAttachmentFile({ data: PNG, filename: 'shot.png' })] });
    const png = getAttachmentById({ id: attachmentViewsByReply([reply.id], { kind: 'agent' }).get(reply.id)![0].id })!;
    const error = await appErrorFrom(() => attachmentResponse({ ...png, sha256: 'f'.repeat(64) }, request()));
    expect([error.status, error.message]).toEqual([404, 'The file of this attachment is missing from the server.']);
  });

  it('encodes the original name per RFC 6266 / 5987', () => {
    expect(contentDisposition('attachment', 'a*b.txt')).toBe(`attachment; filename="a*b.txt"; filename*=UTF-8''a%2Ab.txt`);
    expect(contentDisposition('attachment', 'Résumé "final".pdf')).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
    expect(contentDisposition('inline', "it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});

describe('where each viewer fetches a file', () => {
  it('agents under the ticket, link holders under their own link, API clients and email readers by full address', async () => {
    const s = await scene();
    const replyId = getAttachmentById({ id: s.publicFile.id })!.replyId;
    const viewFor = (urls: Parameters<typeof attachmentViewsByReply>[1]) => attachmentViewsByReply([replyId], urls).get(replyId)![0];
    expect(viewFor({ kind: 'agent' })).toEqual({
      id: s.publicFile.id,
      filename: 'fix.patch',
      contentType: 'text/plain',
      size: expect.any(Number),
      removed: false,
      isImage: false,
      url: `/tickets/${s.ticket.id}/files/${s.publicFile.id}`,
    });
    expect(viewFor({ kind: 'link', token: s.guestToken }).url).toBe(`/t/${s.guestToken}/files/${s.publicFile.id}`);
    expect(viewFor({ kind: 'api' }).url).toBe(`http://parley.test/api/v1/attachments/${s.publicFile.id}`);
    const row = { id: s.publicFile.id, ticketId: s.ticket.id };
    expect(attachmentUrl(row, { kind: 'agent' }, true)).toBe(`http://parley.test/tickets/${s.ticket.id}/files/${s.publicFile.id}`);
    expect(attachmentUrl(row, { kind: 'link', token: s.customerToken })).toBe(`/t/${s.customerToken}/files/${s.publicFile.id}`);
    expect(attachmentUrl(row, { kind: 'email-link', ticketUrl: `http://parley.test/t/${s.guestToken}` })).toBe(`http://parley.test/t/${s.guestToken}/files/${s.publicFile.id}`);
  });
});

describe('notification emails', () => {
  it('list each file with a link through the recipient’s own access, and never a private note’s file outside the team', async () => {
    const s = await scene();
    const rows = getDb().select().from(outbox).where(eq(outbox.ticketId, s.ticket.id)).all();
    const replyRows = rows.filter((r) => r.template === 'ticket_reply');
    expect(replyRows.length).toBeGreaterThan(0);
    for (const row of replyRows) {
      const email = await composeOutboxMessage(row);
      const recipientToken = tokenOf(email.links[0]);
      expect(email.links).toContain(`http://parley.test/t/${recipientToken}/files/${s.publicFile.id}`);
      expect(email.html).toContain('fix.patch');
      expect(email.html).not.toContain('secret.txt');
    }
    const participantReply = replyThroughLink({ token: s.guestToken, input: { email: s.guest.email, message: 'from guest' }, files: [await file('guest', 'guest.pdf')] });
    const agentRows = getDb().select().from(outbox).where(eq(outbox.ticketId, s.ticket.id)).all().filter((r) => r.template === 'agent_new_reply' && JSON.parse(r.payload).replyId === participantReply.id);
    expect(agentRows.length).toBeGreaterThan(0);
    const agentEmail = await composeOutboxMessage(agentRows[0]);
    expect(agentEmail.links.some((l) => new RegExp(`^http://parley.test/tickets/${s.ticket.id}/files/\\d+$`).test(l))).toBe(true);
    expect(agentEmail.text).toContain('guest.pdf');
  });
});

describe('backup', () => {
  it('copies exactly the files the database copy references', async () => {
    const s = await scene();
    const dir = fs.mkdtempSync('/tmp/parley-backup-test-');
    const out = `${dir}/copy.db`;
    const result = writeSnapshot(getSqlite(), out);
    expect(result.missing).toEqual([]);
    const sha = getAttachmentById({ id: s.noteFile.id })!.sha256;
    expect(fs.readFileSync(`${backupAttachmentsFolder(out)}/${sha.slice(0, 2)}/${sha}`)).toEqual(fs.readFileSync(attachmentFilePath(sha)));
  });
});
