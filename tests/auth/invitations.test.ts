import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox, type Agent } from '@/db/schema';
import { getAgentByEmail, verifyAgentCredentials } from '@/lib/auth/agents';
import { acceptInvitation, INVITATION_TTL_MS, inviteAgent, listOpenInvitations, readInvitation, resendInvitation, revokeInvitation } from '@/lib/auth/invitations';
import { getDb } from '@/lib/core/db';
import { composeOutboxMessage } from '@/lib/mail/compose';
import { MailSendError } from '@/lib/mail/send';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});

const emailsTo = (email: string) => getDb().select().from(outbox).where(eq(outbox.toEmail, email)).all();
const tokenOfLink = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe('invitations', () => {
  it('email a one-time link with which the invited person chooses their password', async () => {
    const email = `${unique('invited')}@team.test`;
    const invitation = inviteAgent({ admin, input: { email: ` ${email.toUpperCase()}`, name: 'Ivy Invited', role: 'admin' } });
    expect(invitation).toMatchObject({ email, name: 'Ivy Invited', role: 'admin' });
    expect(listOpenInvitations().map((i) => i.id)).toContain(invitation.id);
    const [row] = emailsTo(email);
    const message = await composeOutboxMessage(row);
    expect(message.subject).toMatch(/invited/);
    const token = tokenOfLink(message.links[0]);
    expect(message.links[0]).toMatch(/^http:\/\/parley\.test\/invitation\//);
    expect(readInvitation(token)?.id).toBe(invitation.id);

    // The password rules of every agent apply.
    expect((await appErrorFrom(() => acceptInvitation({ token, input: { name: 'Ivy', password: 'short' } }))).status).toBe(422);
    const agent = await acceptInvitation({ token, input: { name: 'Ivy Chosen', password: 'ivy-chose-this-passphrase' } });
    expect(agent).toMatchObject({ email, name: 'Ivy Chosen', role: 'admin' });
    expect(await verifyAgentCredentials(email, 'ivy-chose-this-passphrase')).not.toBeNull();
    // Used once.
    expect(readInvitation(token)).toBeNull();
    expect((await appErrorFrom(() => acceptInvitation({ token, input: { name: 'Again', password: 'ivy-chose-this-passphrase' } }))).status).toBe(404);
    expect(listOpenInvitations().map((i) => i.id)).not.toContain(invitation.id);
  });

  it('expire after 72 hours; resending voids the earlier link, revoking every link and the unsent email', async () => {
    const email = `${unique('later')}@team.test`;
    const start = Date.now();
    const invitation = inviteAgent({ admin, input: { email, name: 'Leo Later', role: 'agent' } }, start);
    const [first] = emailsTo(email);
    const firstToken = tokenOfLink((await composeOutboxMessage(first)).links[0]);
    expect(readInvitation(firstToken, start + INVITATION_TTL_MS - 1)).not.toBeNull();
    expect(readInvitation(firstToken, start + INVITATION_TTL_MS + 1)).toBeNull();

    resendInvitation({ admin, id: invitation.id }, start + 1000);
    expect(readInvitation(firstToken)).toBeNull();
    const second = emailsTo(email).find((r) => r.id !== first.id)!;
    const secondToken = tokenOfLink((await composeOutboxMessage(second)).links[0]);
    expect(readInvitation(secondToken)?.id).toBe(invitation.id);

    revokeInvitation({ admin, id: invitation.id });
    expect(readInvitation(secondToken)).toBeNull();
    await expect(composeOutboxMessage(second)).rejects.toBeInstanceOf(MailSendError);
    expect((await appErrorFrom(() => resendInvitation({ admin, id: invitation.id }))).code).toBe('not_found');
    expect(getAgentByEmail({ email })).toBeUndefined();
  });

  it('refuse forged links, non-admins, an existing agent and a second open invitation for one address', async () => {
    const agent = await newAgent('agent');
    expect(readInvitation('1.1.forged')).toBeNull();
    expect(readInvitation(`1.${Date.now() + 1000}.${'A'.repeat(43)}`)).toBeNull();
    expect((await appErrorFrom(() => inviteAgent({ admin: agent, input: { email: 'x@team.test', name: 'X', role: 'agent' } }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => inviteAgent({ admin, input: { email: agent.email, name: 'Twin', role: 'agent' } }))).code).toBe('conflict');
    const email = `${unique('twice')}@team.test`;
    inviteAgent({ admin, input: { email, name: 'Once', role: 'agent' } });
    expect((await appErrorFrom(() => inviteAgent({ admin, input: { email, name: 'Twice', role: 'agent' } }))).fields).toEqual({ email: 'has an open invitation' });
    expect((await appErrorFrom(() => inviteAgent({ admin, input: { email: 'not an address', name: 'Bad', role: 'agent' } }))).status).toBe(422);
    expect((await appErrorFrom(() => revokeInvitation({ admin: agent, id: 1 }))).code).toBe('forbidden');
  });
});
