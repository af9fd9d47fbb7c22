import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, replies, type Agent, type OutboxRow } from '@/db/schema';
import { attachmentViewsByReply, removeAttachment } from '@/lib/attachments/access';
import { storeAttachmentFile } from '@/lib/files/store';
import { getDb } from '@/lib/core/db';
import { composeOutboxMessage, createComposeContext } from '@/lib/mail/compose';
import { MailSendError } from '@/lib/mail/send';
import { resetEmailTemplate, saveEmailTemplate } from '@/lib/mail/template-settings';
import { templateKeys } from '@/lib/core/outbox-queue';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { replyThroughLink } from '@/lib/participants/portal';
import { addAgentReply, createTicket, rotateTicketLinks } from '@/lib/tickets/tickets';
import { newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

// Composing turns a queued row into the email as it goes out: each recipient's own links, the admin's template text
// with its tags filled, and a footer saying why this person gets it.

// Read when the environment is first parsed: every email then carries a reply address.
process.env.INBOUND_DOMAIN = 'in.parley.test';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});
beforeEach(() => setSettings({ participantsEnabled: true, copyParticipants: true, siteName: 'Parley' }));
afterEach(() => {
  for (const key of templateKeys) resetEmailTemplate({ agent: admin, key });
});

const rowsOf = (ticketId: number) => getDb().select().from(outbox).where(eq(outbox.ticketId, ticketId)).all();
const rowFor = (ticketId: number, template: string, toEmail: string): OutboxRow => {
  const row = rowsOf(ticketId).find((r) => r.template === template && r.toEmail === toEmail);
  if (!row) throw new Error(`no ${template} row for ${toEmail}: ${rowsOf(ticketId).map((r) => `${r.template} → ${r.toEmail}`).join(', ')}`);
  return row;
};
const REPLY_ABOVE = '## Reply above this line ##';

/** A ticket with two participants; the second one has replied through their link. */
function conversation() {
  const ticket = newTicket();
  const pat = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('pat')}@guests.test`, name: 'Pat' } });
  const quinn = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('quinn')}@guests.test`, name: 'Quinn' } });
  const reply = replyThroughLink({ token: tokenOf(quinn.ticketUrl), input: { email: quinn.email, message: 'Quinn’s answer' } });
  return { ticket, pat, quinn, reply };
}

describe('createComposeContext', () => {
  it('reads settings, templates and tickets once per context; the next context sees changes', () => {
    const ticket = newTicket();
    const context = createComposeContext();
    const first = context.ticket(ticket.id);
    expect(context.ticket(ticket.id)).toBe(first);
    expect(context.settings()).toBe(context.settings());
    expect(context.firstMessage(ticket.id, { kind: 'agent' })).toBe('First message');
    expect(context.firstMessage(ticket.id, { kind: 'customer', id: ticket.customerId })).toBe('First message');

    setSettings({ siteName: 'Renamed Desk' });
    expect(context.settings().siteName).toBe('Parley');
    expect(createComposeContext().settings().siteName).toBe('Renamed Desk');
  });
});

describe('composeOutboxMessage', () => {
  it('says in the footer why each person receives the email', async () => {
    const { ticket, pat } = conversation();
    const number = ticket.displayNumber;
    const toCustomer = rowFor(ticket.id, 'ticket_reply', ticket.customer.email);
    const footerOf = async (row: OutboxRow) => (await composeOutboxMessage(row)).text;

    expect(await footerOf(toCustomer)).toContain(`You receive this email because you are on ticket ${number} at Parley.`);
    expect(await footerOf(rowFor(ticket.id, 'agent_new_reply', admin.email))).toContain('You receive this email because you are an agent at Parley.');
    expect(await footerOf({ ...toCustomer, template: 'links_rotated' })).toContain(
      `You receive this email because you are on ticket ${number} at Parley and its links were replaced.`,
    );
    expect(await footerOf({ ...toCustomer, template: 'fresh_link' })).toContain(
      `You receive this email because a new link to ticket ${number} at Parley was requested for this address.`,
    );
    removeParticipant({ ticketId: ticket.id, participantId: pat.id, agent: admin });
    expect(await footerOf(rowFor(ticket.id, 'participant_removed', pat.email))).toContain(
      `You receive this email because you were a participant of ticket ${number} at Parley.`,
    );
    expect(await footerOf({ ...toCustomer, template: 'customer_email_changed' })).toContain(
      'You receive this email because this address was on file as a customer at Parley.',
    );
  });

  it('gives outsiders their own link, an unsubscribe link and the reply marker; agents the ticket page and neither', async () => {
    const { ticket, pat } = conversation();
    const toPat = await composeOutboxMessage(rowFor(ticket.id, 'ticket_reply', pat.email));
    expect(toPat.text.startsWith(REPLY_ABOVE)).toBe(true);
    expect(toPat.links).toEqual([pat.ticketUrl, expect.stringMatching(/^http:\/\/parley\.test\/unsubscribe\//)]);

    const toAgent = await composeOutboxMessage(rowFor(ticket.id, 'agent_new_reply', admin.email));
    expect(toAgent.text).not.toContain(REPLY_ABOVE);
    expect(toAgent.links).toEqual([`http://parley.test/tickets/${ticket.id}`]);
    expect(toAgent.headers['List-Unsubscribe']).toBeUndefined();
  });

  it('sends a removed participant a notice with no link to the ticket and nothing to reply above', async () => {
    const { ticket, pat } = conversation();
    removeParticipant({ ticketId: ticket.id, participantId: pat.id, agent: admin });
    const notice = await composeOutboxMessage(rowFor(ticket.id, 'participant_removed', pat.email));
    expect(notice.text).not.toContain('/t/');
    expect(notice.text).not.toContain(REPLY_ABOVE);
    expect(notice.links).toEqual([expect.stringMatching(/^http:\/\/parley\.test\/unsubscribe\//)]);
  });

  it('fills each tag, leaves empty what does not apply, and keeps the subject on one line', async () => {
    const { ticket, pat, reply } = conversation();
    const noCompany = createTicket(
      { subject: 'Lonely ticket', message: 'Opening words', customer: { email: `${unique('solo')}@customer.test`, name: 'Solo' } },
      { kind: 'public', source: 'web' },
    );
    const body = 'Date:{date}|Reply:{reply_content}|By:{reply_author}|Link:{ticket_url}|First:{ticket_content}|Company:{company}';
    for (const key of ['ticket_reply', 'participant_removed', 'ticket_received'] as const) {
      saveEmailTemplate({ agent: admin, key, input: { subject: '{company}  Update:\t {ticket_title} ', body } });
    }

    const toCustomer = await composeOutboxMessage(rowFor(ticket.id, 'ticket_reply', ticket.customer.email));
    const company = ticket.customer.company!.name;
    expect(toCustomer.subject).toBe(`${company} Update: ${ticket.subject}`);
    expect(toCustomer.text).toMatch(
      new RegExp(`Date:\\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2} UTC\\|Reply:Quinn’s answer\\|By:Quinn\\|Link:${ticketUrlPattern(ticket.id)}\\|First:First message\\|Company:${company}`),
    );
    expect(reply.body).toBe('Quinn’s answer');

    // No reply, no link (a removed participant's link no longer works), no company: each tag is empty.
    removeParticipant({ ticketId: ticket.id, participantId: pat.id, agent: admin });
    const removal = await composeOutboxMessage(rowFor(ticket.id, 'participant_removed', pat.email));
    expect(removal.text).toContain('|Reply:|By:|Link:|First:First message|');
    const receipt = await composeOutboxMessage(rowFor(noCompany.id, 'ticket_received', noCompany.customer.email));
    expect(receipt.subject).toBe('Update: Lonely ticket');
    expect(receipt.text).toContain('|First:Opening words|Company:');
  });

  it('fills first names, the replying agent (else the assignee) and the status as the UI names it', async () => {
    const ticket = newTicket({ name: 'Carol Chen' });
    saveEmailTemplate({ agent: admin, key: 'ticket_reply', input: { subject: 'Re', body: 'Hi {first_name}|{agent_name}|{agent_first_name}|{ticket_status}{company? at {company}}' } });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Answer' });
    const email = await composeOutboxMessage(rowFor(ticket.id, 'ticket_reply', ticket.customer.email));
    expect(email.text).toContain(`Hi Carol|${admin.name}|${admin.name.split(' ')[0]}|Open at ${ticket.customer.company!.name}`);
    resetEmailTemplate({ agent: admin, key: 'ticket_reply' });
  });

  it('shows no address or link from a person’s name, in the subject or the text', async () => {
    const ticket = newTicket();
    const mallory = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('mallory')}@guests.test`, name: 'Mallory Log in at evil.test/x' } });
    replyThroughLink({ token: tokenOf(mallory.ticketUrl), input: { email: mallory.email, message: 'Hi' } });
    getDb().update(replies).set({ authorName: 'Carla Customer <customer@acme.com>' }).where(eq(replies.ticketId, ticket.id)).run();
    const welcome = await composeOutboxMessage(rowFor(ticket.id, 'participant_added', mallory.email));
    expect(welcome.text).toContain('Mallory Log in at');
    expect(`${welcome.subject}\n${welcome.text}\n${welcome.html}`).not.toContain('evil.test');
    const toAgent = await composeOutboxMessage(rowFor(ticket.id, 'agent_new_reply', admin.email));
    expect(toAgent.subject).toBe(`[${ticket.displayNumber}] New reply from Carla Customer: ${ticket.subject}`);    // The notice to a customer's old address names them the same way.
    saveEmailTemplate({ agent: admin, key: 'customer_email_changed', input: { subject: 'Hello {name}', body: 'Dear {name}' } });
    const notice = await composeOutboxMessage({ ...rowFor(ticket.id, 'participant_added', mallory.email), template: 'customer_email_changed' });
    expect(notice.subject).toBe('Hello Mallory Log in at');
  });

  it('gives each customer and participant a reply address and an unsubscribe link of their current link version', async () => {
    const { ticket, pat } = conversation();
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    const toPat = await composeOutboxMessage(rowFor(ticket.id, 'ticket_reply', pat.email));
    const toCustomer = await composeOutboxMessage(rowFor(ticket.id, 'ticket_reply', ticket.customer.email));
    const toAgent = await composeOutboxMessage(rowFor(ticket.id, 'agent_new_reply', admin.email));
    expect(toPat.replyTo).toMatch(new RegExp(`^reply\\+${ticket.id}-p${pat.id}v2-[0-9a-f]{20}@in\\.parley\\.test$`));
    expect(toCustomer.replyTo).toMatch(new RegExp(`^reply\\+${ticket.id}-c${ticket.customerId}v2-`));
    expect(toCustomer.links.at(-1)).toMatch(new RegExp(`/unsubscribe/${ticket.id}-c${ticket.customerId}v2-`));
    expect(toAgent.replyTo).toMatch(new RegExp(`^reply\\+${ticket.id}-a${admin.id}v1-`));
  });

  it('never quotes a private note, even in a message to an agent', async () => {
    const ticket = newTicket();
    saveEmailTemplate({ agent: admin, key: 'agent_new_reply', input: { subject: 'Note', body: 'Said:[{reply_content}] by [{reply_author}]' } });
    const note = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'internal detail', private: 'true' });
    // Private notes queue no email (lib/tickets/recipients.ts); should a row about one exist anyway, it quotes nothing.
    const aboutNote: OutboxRow = { ...rowFor(ticket.id, 'agent_new_ticket', admin.email), template: 'agent_new_reply', payload: JSON.stringify({ replyId: note.id }) };
    const email = await composeOutboxMessage(aboutNote);
    expect(email.text).toContain('Said:[] by []');
    expect(email.text).not.toContain('internal detail');
  });

  it('lists a reply’s files under the recipient’s own link, except one removed after the emails were queued', async () => {
    const { ticket, pat } = conversation();
    const stored = async (name: string) => storeAttachmentFile({ data: Buffer.from(`${name} ${Math.random()}`), filename: name });
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Two files', files: [await stored('kept.log'), await stored('gone.log')] });
    const [kept, gone] = attachmentViewsByReply([reply.id], { kind: 'agent' }).get(reply.id)!;
    removeAttachment({ id: gone.id, agent: admin });
    const row = rowsOf(ticket.id).find((r) => r.toEmail === pat.email && JSON.parse(r.payload).replyId === reply.id)!;
    const email = await composeOutboxMessage(row);
    expect(email.links).toContain(`${pat.ticketUrl}/files/${kept.id}`);
    expect(email.text).toContain('kept.log');
    expect(email.text).not.toContain('gone.log');
    expect(email.links.filter((link) => link.includes('/files/'))).toEqual([`${pat.ticketUrl}/files/${kept.id}`]);
  });

  it('refuses for good what can never be sent, saying why', async () => {
    const { ticket, pat } = conversation();
    const row = rowFor(ticket.id, 'ticket_reply', pat.email);
    const refusal = async (r: OutboxRow) => {
      const error = await composeOutboxMessage(r).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MailSendError);
      return { message: (error as MailSendError).message, permanent: (error as MailSendError).permanent };
    };
    expect(await refusal({ ...row, template: 'no_such_template' })).toEqual({ message: 'Unknown email template “no_such_template”.', permanent: true });
    expect(await refusal({ ...row, ticketId: 999_999 })).toEqual({ message: 'The ticket of this message no longer exists.', permanent: true });
    removeParticipant({ ticketId: ticket.id, participantId: pat.id, agent: admin });
    expect(await refusal(row)).toEqual({ message: `Not sent: ${pat.email} is no longer a participant of this ticket.`, permanent: true });
  });
});

const ticketUrlPattern = (ticketId: number) => `http://parley\\.test/t/${ticketId}\\.c\\d+\\.\\d+\\.[\\w-]+`;
