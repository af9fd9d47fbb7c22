import 'server-only';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { companies, customers, outbox, tickets, type Agent, type Company, type Customer } from '@/db/schema';
import { agentActor, type AuditActor, recordAudit } from '@/lib/core/audit';
import { companyIdForEmail, escapeLike, findOrCreateCompany, getCompanyById } from '@/lib/people/companies';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { canChangeCustomerEmail, normalizeEmail } from '@/lib/auth/policy';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { cappedTotal, ftsPhrases } from '@/lib/core/word-search';
import { getSettings } from '@/lib/core/settings';

export const emailSchema = z.email('must be a valid email address').max(254).transform(normalizeEmail);

const optionalId = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z.coerce.number().int().positive().nullable(),
);

export const customerInputSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), emailSchema),
  name: z.string().trim().max(120).default(''),
  companyId: optionalId.optional(),
  // A company named here is found (case-insensitively) or created.
  company: z.string().trim().max(160).optional(),
});

export type CustomerWithCompany = Customer & { company: Company | null };

/** A name for people who gave none: the part of their address before the @. */
export const nameFromEmail = (email: string) => email.split('@')[0];

export function getCustomerById({ id }: { id: number }, db: DbOrTx = getDb()): CustomerWithCompany | undefined {
  const row = db
    .select({ customer: customers, company: companies })
    .from(customers)
    .leftJoin(companies, eq(companies.id, customers.companyId))
    .where(eq(customers.id, id))
    .get();
  return row ? { ...row.customer, company: row.company } : undefined;
}

export function getCustomerByEmail({ email }: { email: string }, db: DbOrTx = getDb()): Customer | undefined {
  return db.select().from(customers).where(eq(customers.email, normalizeEmail(email))).get();
}

// By name: the order of customers_list_order_idx.
const customerOrder = [asc(sql`lower(${customers.name})`), asc(customers.email)];

/**
 * Customers by name, newest-first matches of a word search over names and emails (the last word a prefix) or of
 * their company's name; the total is counted up to a cap (lib/core/word-search.ts).
 */
export function listCustomers({
  q = '',
  companyId,
  page = 1,
  pageSize = 25,
}: { q?: string; companyId?: number; page?: number; pageSize?: number } = {}) {
  const db = getDb();
  const where = and(q.trim() ? customerSearchCondition(q.trim()) : undefined, companyId ? eq(customers.companyId, companyId) : undefined);
  const rows = db
    .select({ customer: customers, company: companies })
    .from(customers)
    .leftJoin(companies, eq(companies.id, customers.companyId))
    .where(where)
    .orderBy(...customerOrder)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => ({ ...r.customer, company: r.company }));
  const counted = cappedTotal(db.select({ id: customers.id }).from(customers).where(where).orderBy(...customerOrder).$dynamic(), { page, pageSize });
  return { customers: rows, ...counted, page, pageSize };
}

/** A customer search looks at this many matching customers at most (newest first): more than a list counts. */
const CUSTOMER_MATCH_LIMIT = 5000;

/** Ids of the customers whose name or email holds every phrase (newest customers first when more match). */
function customerIdsMatching(phrases: string[]): SQL {
  return sql`select rowid from customer_fts where customer_fts match ${phrases.join(' ')} order by rowid desc limit ${CUSTOMER_MATCH_LIMIT}`;
}

function customerSearchCondition(q: string): SQL {
  const phrases = ftsPhrases(q.split(/\s+/));
  const companyIds = getDb().select({ id: companies.id }).from(companies).where(sql`${companies.name} like ${`%${escapeLike(q)}%`} escape '\\'`);
  return or(phrases.length > 0 ? sql`${customers.id} in (${customerIdsMatching(phrases)})` : undefined, inArray(customers.companyId, companyIds))!;
}

function resolveCompanyId(tx: DbOrTx, input: { companyId?: number | null; company?: string }, actor: AuditActor) {
  if (input.company) return findOrCreateCompany(tx, input.company, actor).id;
  if (input.companyId === undefined || input.companyId === null) return input.companyId;
  if (!getCompanyById({ id: input.companyId }, tx)) throw new AppError('validation_failed', 'That company does not exist.', { companyId: 'unknown company' });
  return input.companyId;
}

export function createCustomer(input: unknown, actor: AuditActor): CustomerWithCompany {
  const parsed = customerInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const data = parsed.data;
  if (getCustomerByEmail(data)) throw new AppError('conflict', `A customer with the email ${data.email} already exists.`);
  const id = getDb().transaction((tx) => {
    const customer = tx
      .insert(customers)
      .values({ email: data.email, name: data.name || nameFromEmail(data.email), companyId: resolveCompanyId(tx, data, actor) ?? companyIdForEmail(data.email, tx) })
      .returning()
      .get();
    recordAudit(tx, { ticketId: null, actor, action: 'customer.created', detail: { customerId: customer.id, email: customer.email } });
    return customer.id;
  });
  return getCustomerById({ id })!;
}

/**
 * Saves a customer. A new email address moves their ticket links and notifications to it, so it is allowed only to
 * an agent who may see every ticket of theirs; it is audited on each ticket, voids the customer's earlier links on
 * them, and the old address is told.
 */
export function updateCustomer({ id, ...input }: { id: number } & Record<string, unknown>, agent: Agent): CustomerWithCompany {
  const parsed = customerInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const data = parsed.data;
  const current = getCustomerById({ id });
  if (!current) throw notFound('Customer');
  const clash = getCustomerByEmail(data);
  if (clash && clash.id !== id) throw new AppError('conflict', `A customer with the email ${data.email} already exists.`);
  const emailChanged = data.email !== current.email;
  const db = getDb();
  const customerTickets = emailChanged
    ? db.select({ id: tickets.id, assigneeId: tickets.assigneeId, status: tickets.status }).from(tickets).where(eq(tickets.customerId, id)).all()
    : [];
  if (emailChanged && !canChangeCustomerEmail(agent, customerTickets, getSettings())) {
    throw forbidden('Only an agent who may see every ticket of this customer can change their email address. Ask an administrator.');
  }
  const actor = agentActor(agent);
  db.transaction((tx) => {
    const companyId = resolveCompanyId(tx, data, actor);
    tx.update(customers)
      .set({ email: data.email, name: data.name || nameFromEmail(data.email), ...(companyId !== undefined ? { companyId } : {}) })
      .where(eq(customers.id, id))
      .run();
    recordAudit(tx, { ticketId: null, actor, action: 'customer.updated', detail: { customerId: id } });
    if (!emailChanged) return;
    tx.update(tickets)
      .set({ customerLinkVersion: sql`${tickets.customerLinkVersion} + 1` })
      .where(eq(tickets.customerId, id))
      .run();
    const change = { customerId: id, from: current.email, to: data.email };
    for (const ticket of customerTickets) recordAudit(tx, { ticketId: ticket.id, actor, action: 'customer.email_changed', detail: change });
    enqueueCustomerEmailChangedNotice(tx, { customerId: id, name: current.name, oldEmail: current.email });
  });
  return getCustomerById({ id })!;
}

/**
 * Tells a customer's previous address that it was replaced: whoever reads that mailbox learns that their links
 * stopped working and whom to ask. Sent whatever their per-ticket mutes say.
 */
function enqueueCustomerEmailChangedNotice(tx: DbOrTx, { customerId, name, oldEmail }: { customerId: number; name: string; oldEmail: string }): void {
  tx.insert(outbox)
    .values({ ticketId: null, template: 'customer_email_changed', toEmail: oldEmail, toName: name, recipientKind: 'customer', recipientId: customerId })
    .run();
  nudgeOutboxWorker();
}

/**
 * The customer with this email, created when there is none; a name or company given for a new customer is used
 * (else the company whose email domain the address has), and an existing customer's company is filled in when they
 * had none.
 */
export function findOrCreateCustomer(
  tx: DbOrTx,
  input: { email: string; name?: string; company?: string },
  actor: AuditActor,
): Customer {
  const email = normalizeEmail(input.email);
  const existing = getCustomerByEmail({ email }, tx);
  const companyId = input.company?.trim() ? findOrCreateCompany(tx, input.company, actor).id : null;
  if (existing) {
    if (companyId && existing.companyId === null) {
      return tx.update(customers).set({ companyId }).where(eq(customers.id, existing.id)).returning().get();
    }
    return existing;
  }
  const customer = tx
    .insert(customers)
    .values({ email, name: input.name?.trim() || nameFromEmail(email), companyId: companyId ?? companyIdForEmail(email, tx) })
    .returning()
    .get();
  recordAudit(tx, { ticketId: null, actor, action: 'customer.created', detail: { customerId: customer.id, email } });
  return customer;
}

/** Search-as-you-type for pickers: by name or email, a handful of results. */
export function searchCustomers({ q, limit = 8 }: { q: string; limit?: number }) {
  return listCustomers({ q, pageSize: limit }).customers;
}
