// The people and tickets every part works with, made once per run by world.setup.ts through the app itself
// (the CLI only for the first admin's API token) and kept in worldFile for the parts to read.
import fs from 'node:fs';
import { worldFile } from './env';

export const principals = [
  'anonymous',
  'customer',
  'participant',
  'removedParticipant',
  'agent',
  'restrictedAgent',
  'admin',
  'revokedToken',
  'deactivatedAgent',
] as const;
export type Principal = (typeof principals)[number];

/** What a principal presents: a session cookie, an API token and/or a personal ticket link's token. */
export type Credentials = { cookie?: string; bearer?: string; link?: string; email?: string };

export type World = {
  credentials: Record<Principal, Credentials>;
  // A correctly shaped link for the ticket with a wrong signature: what people without a link of their own try.
  forgedLink: string;
  adminToken: string;
  adminCookie: string;
  agents: { agent: number; restrictedAgent: number; deactivatedAgent: number; spare: number };
  agentEmails: { agent: string; restrictedAgent: string; deactivatedAgent: string };
  // The ticket the matrix is about: assigned to `agent`, restricted agents may not see it.
  ticket: { id: number; subject: string; customerId: number; customerEmail: string; customerName: string; companyId: number; companyName: string };
  participantEmail: string;
  // A second ticket of `agent` whose links may be rotated, and a customer whose every ticket `agent` may see.
  rotateTicketId: number;
  ownCustomer: { id: number; ticketId: number };
  spareTokenId: number;
  spareTokenLabel: string;
  failedOutboxId: number;
  // A saved reply the admin wrote (agents may use it, only its author and admins may change it).
  savedReply: { id: number; title: string };
  // Files of the matrix ticket: on a public reply, and on a private note (never served through a link).
  publicAttachmentId: number;
  privateAttachmentId: number;
  // An email piped in: a new ticket of `agent`, its first reply's original message and the inbound list's entry.
  inbound: { id: number; subject: string; ticketId: number; replyId: number; fromEmail: string };
};

export const readWorld = (): World => JSON.parse(fs.readFileSync(worldFile, 'utf8')) as World;

export const agentPassword = 'reliability-password-1';

/** The token of a personal link `…/t/<token>`. */
export const linkToken = (url: string) => url.slice(url.indexOf('/t/') + 3);
