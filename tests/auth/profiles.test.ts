import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox, type Agent } from '@/db/schema';
import { getAgentById, verifyAgentCredentials } from '@/lib/auth/agents';
import {
  askForProfile,
  changeOwnPassword,
  confirmEmailChange,
  dismissProfilePrompt,
  EMAIL_CHANGE_TTL_MS,
  emailChangeToken,
  readEmailChange,
  requestEmailChange,
  updateAgentByAdmin,
  updateProfile,
} from '@/lib/auth/profiles';
import { getDb } from '@/lib/core/db';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { addAgentReply } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});

const rowsTo = (email: string) => getDb().select().from(outbox).where(eq(outbox.toEmail, email)).all();

describe('profile', () => {
  it('saves name and signature, and answers the first admin’s prompt', async () => {
    const agent = await newAgent('agent');
    askForProfile(agent);
    expect(getAgentById({ id: agent.id })!.profileReviewed).toBe(false);
    const saved = updateProfile({ agent, input: { name: '  Ann Example ', signature: 'Ann\r\nSupport team\n\n' } });
    expect(saved).toMatchObject({ name: 'Ann Example', signature: 'Ann\nSupport team', profileReviewed: true });
    expect((await appErrorFrom(() => updateProfile({ agent, input: { name: ' ', signature: '' } }))).fields).toMatchObject({ name: expect.any(String) });
    askForProfile(agent);
    dismissProfilePrompt(agent);
    expect(getAgentById({ id: agent.id })!.profileReviewed).toBe(true);
  });

  it('changes the password only with the current one, and ends every session', async () => {
    const agent = await newAgent('agent');
    const wrong = await appErrorFrom(() => changeOwnPassword({ agent, input: { currentPassword: 'not-it-at-all', password: 'a-new-secret-passphrase' } }));
    expect(wrong.fields).toEqual({ currentPassword: 'is not right' });
    await changeOwnPassword({ agent, input: { currentPassword: 'password-123', password: 'a-new-secret-passphrase' } });
    expect(getAgentById({ id: agent.id })!.sessionVersion).toBe(agent.sessionVersion + 1);
    expect(await verifyAgentCredentials(agent.email, 'a-new-secret-passphrase')).not.toBeNull();
    expect(await verifyAgentCredentials(agent.email, 'password-123')).toBeNull();
  });

  it('sends an agent’s signature with their public replies: their own, or the one typed for that reply', async () => {
    const agent = updateProfile({ agent: await newAgent('admin'), input: { name: 'Sig Agent', signature: 'Sig Agent\nSupport' } });
    const ticket = newTicket();
    const usual = addAgentReply({ ticketId: ticket.id, agent, message: 'First answer' });
    const typed = addAgentReply({ ticketId: ticket.id, agent, message: 'Second answer', signature: 'Just Sig' });
    const note = addAgentReply({ ticketId: ticket.id, agent, message: 'internal', private: true });
    expect([usual.signature, typed.signature, note.signature]).toEqual(['Sig Agent\nSupport', 'Just Sig', '']);
    const row = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.template, 'ticket_reply')))
      .all()
      .find((r) => JSON.parse(r.payload).replyId === usual.id)!;
    expect((await composeOutboxMessage(row)).text).toContain('First answer\n\nSig Agent\nSupport');
  });
});

describe('a new sign-in address', () => {
  it('takes effect only through the link emailed to it, once, and tells the old address', async () => {
    const agent = await newAgent('agent');
    const to = `${unique('new')}@team.test`;
    expect(requestEmailChange({ agent, input: { email: `  ${to.toUpperCase()} ` } })).toEqual({ to });
    expect(getAgentById({ id: agent.id })!.email).toBe(agent.email);
    const [row] = rowsTo(to);
    expect(row).toMatchObject({ template: 'agent_email_confirm', recipientKind: 'agent', recipientId: agent.id, ticketId: null });
    const email = await composeOutboxMessage(row);
    const link = email.links[0];
    expect(link).toMatch(/^http:\/\/parley\.test\/confirm-email\//);
    expect(email.text).toContain(link);
    const token = link.slice(link.lastIndexOf('/') + 1);

    expect(readEmailChange(token)).toMatchObject({ agentId: agent.id, from: agent.email, to });
    expect(confirmEmailChange({ token }).email).toBe(to);
    expect(rowsTo(agent.email).map((r) => r.template)).toContain('agent_email_changed');
    // Used once: the address it names as current is no longer the agent's.
    expect(readEmailChange(token)).toBeNull();
    expect((await appErrorFrom(() => confirmEmailChange({ token }))).status).toBe(404);
  });

  it('refuses forged, expired and stale links, a taken address and the same address', async () => {
    const agent = await newAgent('agent');
    const other = await newAgent('agent');
    const change = { agentId: agent.id, from: agent.email, to: `${unique('x')}@team.test`, expiresAt: Date.now() + EMAIL_CHANGE_TTL_MS };
    const token = emailChangeToken(change);
    expect(readEmailChange(token)).not.toBeNull();
    expect(readEmailChange(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(readEmailChange(emailChangeToken({ ...change, agentId: other.id }).replace(/\.[^.]+$/, token.slice(token.indexOf('.'))))).toBeNull();
    expect(readEmailChange(token, change.expiresAt + 1)).toBeNull();
    expect(readEmailChange('garbage')).toBeNull();
    expect(readEmailChange(emailChangeToken({ ...change, from: 'someone-else@team.test' }))).toBeNull();

    expect((await appErrorFrom(() => requestEmailChange({ agent, input: { email: other.email } }))).code).toBe('conflict');
    expect((await appErrorFrom(() => requestEmailChange({ agent, input: { email: agent.email } }))).fields).toEqual({ email: 'is your address already' });
    expect((await appErrorFrom(() => requestEmailChange({ agent, input: { email: 'not-an-address' } }))).status).toBe(422);
    // Taken between the request and the confirmation: refused then too.
    const late = emailChangeToken({ ...change, to: other.email });
    expect((await appErrorFrom(() => confirmEmailChange({ token: late }))).code).toBe('conflict');
  });
});

describe('admins edit agents', () => {
  it('changes another agent’s name and email at once, telling the old address; others may not', async () => {
    const agent = await newAgent('agent');
    const to = `${unique('fixed')}@team.test`;
    expect(updateAgentByAdmin({ admin, id: agent.id, input: { name: 'Fixed Name', email: to } })).toMatchObject({ name: 'Fixed Name', email: to });
    expect(rowsTo(agent.email).map((r) => r.template)).toEqual(['agent_email_changed']);
    expect((await appErrorFrom(() => updateAgentByAdmin({ admin: agent, id: admin.id, input: { name: 'Hijack', email: admin.email } }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => updateAgentByAdmin({ admin, id: agent.id, input: { name: 'Fixed Name', email: admin.email } }))).code).toBe('conflict');
    expect((await appErrorFrom(() => updateAgentByAdmin({ admin, id: 999_999, input: { name: 'Nobody', email: 'nobody@team.test' } }))).code).toBe('not_found');
  });
});
