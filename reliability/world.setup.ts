import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test as setup } from '@playwright/test';
import { runCli } from '../e2e/support/cli';
import { actionOutcome, actionState, buildActions, callAction } from './support/actions';
import { openReadOnly, idOf } from './support/db';
import { admin, appDatabasePath, appUrl, captureUrl, secret, worldFile } from './support/env';
import { api, multipart, send, signIn } from './support/http';
import { agentPassword, linkToken, type World } from './support/world';

type TicketView = { id: number; subject: string; customer: { id: number; email: string; name: string; ticketUrl: string }; participants: { id: number; ticketUrl: string }[] };

setup('the people and tickets of the run', async () => {
  const actions = buildActions();
  const action = (key: string) => actions.get(key)!.id;
  const adminToken = runCli(['create-token', '--email', admin.email, '--name', 'reliability admin'], appDatabasePath);
  const adminCookie = await signIn(appUrl, admin);
  const asAdmin = (key: string, page: string, fields: Record<string, string>) =>
    callAction(appUrl, { actionId: action(key), page, fields, cookie: adminCookie });

  await api(appUrl, adminToken, 'PATCH', '/api/v1/settings', {
    restrictAgentsToAssigned: true,
    participantsEnabled: true,
    customersCanReopen: true,
    copyParticipants: true,
  });

  const run = Date.now().toString(36);
  const agentEmails = {
    agent: `agent-${run}@parley.test`,
    restrictedAgent: `restricted-${run}@parley.test`,
    deactivatedAgent: `deactivated-${run}@parley.test`,
  };
  for (const [role, email] of Object.entries({ ...agentEmails, spare: `spare-${run}@parley.test` })) {
    const reply = await asAdmin('app/(agent)/admin/agents/actions.ts#createAgentAction', '/admin/agents', { name: `Reliability ${role}`, email, password: agentPassword, role: 'agent' });
    expect(actionOutcome(reply), reply.body.slice(0, 300)).toBe('ok');
  }
  const db = openReadOnly(appDatabasePath);
  const agentId = (email: string) => idOf(db, 'select id from agents where email = ?', email);
  const agents = {
    agent: agentId(agentEmails.agent),
    restrictedAgent: agentId(agentEmails.restrictedAgent),
    deactivatedAgent: agentId(agentEmails.deactivatedAgent),
    spare: agentId(`spare-${run}@parley.test`),
  };

  const createToken = async (agent: number, label: string) => {
    const reply = await asAdmin('app/(agent)/admin/tokens/actions.ts#createApiTokenAction', '/admin/tokens', { label, agentId: String(agent) });
    const token = actionState(reply.body)?.data?.token as string | undefined;
    expect(token, reply.body.slice(0, 300)).toBeTruthy();
    return token!;
  };
  const adminId = agentId(admin.email);
  const revokedToken = await createToken(adminId, 'reliability revoked');
  const revoke = await asAdmin('app/(agent)/admin/tokens/actions.ts#revokeApiTokenAction', '/admin/tokens', {
    id: String(idOf(db, "select id from api_tokens where label = 'reliability revoked'")),
  });
  expect(actionOutcome(revoke)).toBe('ok');
  const spareTokenLabel = `reliability spare ${run}`;
  await createToken(adminId, spareTokenLabel);

  const sessions = {
    agent: await signIn(appUrl, { email: agentEmails.agent, password: agentPassword }),
    restrictedAgent: await signIn(appUrl, { email: agentEmails.restrictedAgent, password: agentPassword }),
    deactivatedAgent: await signIn(appUrl, { email: agentEmails.deactivatedAgent, password: agentPassword }),
  };
  const tokens = {
    agent: await createToken(agents.agent, 'reliability agent'),
    restrictedAgent: await createToken(agents.restrictedAgent, 'reliability restricted'),
    deactivatedAgent: await createToken(agents.deactivatedAgent, 'reliability deactivated'),
  };
  const deactivate = await asAdmin('app/(agent)/admin/agents/actions.ts#setAgentActiveAction', '/admin/agents', { id: String(agents.deactivatedAgent), active: 'false' });
  expect(actionOutcome(deactivate)).toBe('ok');

  const createTicket = async (subject: string, customer: { email: string; name: string; company?: string }) =>
    (await api<{ ticket: TicketView }>(appUrl, adminToken, 'POST', '/api/v1/tickets', { subject, message: `First message of ${subject}`, customer })).ticket;
  const assign = (id: number) => api(appUrl, adminToken, 'PATCH', `/api/v1/tickets/${id}`, { assigneeEmail: agentEmails.agent });
  const addParticipant = async (id: number, email: string) =>
    (await api<{ participant: { id: number; ticketUrl: string } }>(appUrl, adminToken, 'POST', `/api/v1/tickets/${id}/participants`, { email, name: `Guest ${email.split('@')[0]}` })).participant;

  const companyName = `Matrix Co ${run}`;
  const ticket = await createTicket(`Matrix ticket ${run} SECRET-SUBJECT`, { email: `customer-${run}@example.test`, name: `Matrix Customer ${run}`, company: companyName });
  await assign(ticket.id);
  const participantEmail = `participant-${run}@example.test`;
  const participant = await addParticipant(ticket.id, participantEmail);
  const removed = await addParticipant(ticket.id, `removed-${run}@example.test`);
  await api(appUrl, adminToken, 'DELETE', `/api/v1/tickets/${ticket.id}/participants/${removed.id}`);

  // A file on a public reply and one on a private note of the matrix ticket (sent as the API's multipart).
  const replyWithFile = async (isPrivate: boolean) => {
    const form = multipart({ message: `A file ${isPrivate ? 'in a note' : 'for everyone'}`, private: String(isPrivate) }, [{ filename: `${isPrivate ? 'note' : 'public'}.txt`, type: 'text/plain', content: `matrix file ${run}` }]);
    const reply = await send(appUrl, { method: 'POST', path: `/api/v1/tickets/${ticket.id}/replies`, bearer: adminToken, ...form });
    expect(reply.status, reply.body.slice(0, 300)).toBe(201);
    return (JSON.parse(reply.body) as { reply: { attachments: { id: number }[] } }).reply.attachments[0].id;
  };
  const publicAttachmentId = await replyWithFile(false);
  const privateAttachmentId = await replyWithFile(true);

  // One email piped in as an MTA would (a new ticket by email), assigned to `agent`: the inbound pages and "Show original".
  const inboundSubject = `Inbound matrix ${run}`;
  const eml = [`From: Mailer ${run} <mailer-${run}@example.test>`, 'To: support@inbound.parley.test', `Subject: ${inboundSubject}`, `Message-ID: <inbound-${run}@example.test>`, 'Date: Thu, 26 Nov 2026 05:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '', 'Hello by email.', ''].join('\r\n');
  execFileSync('npx', ['tsx', '--conditions=react-server', 'scripts/cli.ts', 'inbound'], { input: eml, env: { ...process.env, AUTH_SECRET: secret, DATABASE_PATH: appDatabasePath } });
  const inboundId = idOf(db, 'select id from inbound_messages where subject = ?', inboundSubject);
  const emailTicketId = idOf(db, 'select ticket_id from inbound_messages where id = ?', inboundId);
  expect(emailTicketId, 'the piped email opened a ticket').toBeTruthy();
  await assign(emailTicketId);
  const emailReplyId = idOf(db, 'select id from replies where ticket_id = ? order by id limit 1', emailTicketId);

  const rotateTicket = await createTicket(`Rotation ticket ${run}`, { email: `rotation-${run}@example.test`, name: 'Rotation Customer' });
  await assign(rotateTicket.id);
  const ownTicket = await createTicket(`Own customer ticket ${run}`, { email: `own-${run}@example.test`, name: 'Own Customer' });
  await assign(ownTicket.id);

  // One email that fails for good, so the admin's Retry has something to retry.
  const bounce = `bounce-${run}@example.test`;
  expect((await send(captureUrl, { method: 'POST', path: '/__outage', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failures: 1, status: 422, to: bounce }) })).status).toBe(200);
  await addParticipant(rotateTicket.id, bounce);
  await expect.poll(() => db.prepare("select id from outbox where to_email = ? and status = 'failed'").pluck().get(bounce), { timeout: 30_000 }).toBeTruthy();
  const failedOutboxId = idOf(db, "select id from outbox where to_email = ? and status = 'failed'", bounce);

  const savedReplyTitle = `Matrix saved reply ${run}`;
  const savedReply = await asAdmin('app/(agent)/saved-replies/actions.ts#createSavedReplyAction', '/saved-replies', { title: savedReplyTitle, body: 'Hello {name}' });
  expect(actionOutcome(savedReply)).toBe('ok');

  const forgedLink = linkToken(ticket.customer.ticketUrl).replace(/\.[A-Za-z0-9_-]{43}$/, `.${'A'.repeat(43)}`);
  const world: World = {
    credentials: {
      anonymous: { link: forgedLink },
      customer: { link: linkToken(ticket.customer.ticketUrl), email: ticket.customer.email },
      participant: { link: linkToken(participant.ticketUrl), email: participantEmail },
      removedParticipant: { link: linkToken(removed.ticketUrl), email: `removed-${run}@example.test` },
      agent: { cookie: sessions.agent, bearer: tokens.agent, link: forgedLink },
      restrictedAgent: { cookie: sessions.restrictedAgent, bearer: tokens.restrictedAgent, link: forgedLink },
      admin: { cookie: adminCookie, bearer: adminToken, link: forgedLink },
      revokedToken: { bearer: revokedToken, link: forgedLink },
      deactivatedAgent: { cookie: sessions.deactivatedAgent, bearer: tokens.deactivatedAgent, link: forgedLink },
    },
    forgedLink,
    adminToken,
    adminCookie,
    agents,
    agentEmails,
    ticket: {
      id: ticket.id,
      subject: ticket.subject,
      customerId: ticket.customer.id,
      customerEmail: ticket.customer.email,
      customerName: ticket.customer.name,
      companyId: idOf(db, 'select company_id from customers where id = ?', ticket.customer.id),
      companyName,
    },
    participantEmail,
    rotateTicketId: rotateTicket.id,
    ownCustomer: { id: ownTicket.customer.id, ticketId: ownTicket.id },
    spareTokenId: idOf(db, 'select id from api_tokens where label = ?', spareTokenLabel),
    spareTokenLabel,
    failedOutboxId,
    savedReply: { id: idOf(db, 'select id from saved_replies where title = ?', savedReplyTitle), title: savedReplyTitle },
    publicAttachmentId,
    privateAttachmentId,
    inbound: { id: inboundId, subject: inboundSubject, ticketId: emailTicketId, replyId: emailReplyId, fromEmail: `mailer-${run}@example.test` },
  };
  db.close();
  fs.writeFileSync(worldFile, JSON.stringify(world, null, 2));
});
