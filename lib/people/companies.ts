import 'server-only';
import { asc, count, eq, inArray, like, sql } from 'drizzle-orm';
import freeMailDomainList from 'email-providers/all.json';
import { z } from 'zod';
import { companies, companyDomains, customers, type Company } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';

// Mail providers anyone can sign up with (the email-providers package's list): their users share a domain but not a
// company, so such a domain never joins anyone to one.
const freeMailDomains = new Set<string>(freeMailDomainList);

export const isFreeMailDomain = (domain: string) => freeMailDomains.has(domain.toLowerCase());

/** The part of an address after its last @, lower-cased. */
export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();

const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

// Each problem is a whole sentence naming the domain, since a form shows the list as one field.
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ''))
  .superRefine((domain, ctx) => {
    if (domain.length > 253 || !DOMAIN.test(domain)) ctx.addIssue({ code: 'custom', message: `Not a domain name: “${domain}” (write one such as acme.com).` });
    else if (isFreeMailDomain(domain)) ctx.addIssue({ code: 'custom', message: `The domain ${domain} is a free email provider: its users share no company.` });
  });

const domainsSchema = z
  .array(domainSchema)
  .max(50, 'must hold at most 50 domains')
  .transform((list) => [...new Set(list)]);

export const companyInputSchema = z.object({ name: z.string().trim().min(1, 'is required').max(160), domains: domainsSchema.optional() });

export const companyPatchSchema = companyInputSchema.partial().strict();

/** A problem with one of the domains belongs to the domains field ("domains", not "domains.1"). */
const companyInputError = (issues: z.core.$ZodIssue[]) =>
  validationError(issues.map((issue) => (issue.path[0] === 'domains' ? { ...issue, path: ['domains'] } : issue)));

export type CompanyWithDomains = Company & { domains: string[] };

/** Each company's domains, in alphabetical order. */
export function listCompanyDomains({ companyIds }: { companyIds: number[] }, db: DbOrTx = getDb()): Map<number, string[]> {
  const domains = new Map<number, string[]>(companyIds.map((id) => [id, []]));
  if (companyIds.length === 0) return domains;
  const rows = db.select().from(companyDomains).where(inArray(companyDomains.companyId, companyIds)).orderBy(asc(companyDomains.domain)).all();
  for (const row of rows) domains.get(row.companyId)?.push(row.domain);
  return domains;
}

/** The company a new customer with this address joins, by its domain; never for a free-mail address. */
export function companyIdForEmail(email: string, db: DbOrTx = getDb()): number | null {
  const domain = emailDomain(email);
  if (isFreeMailDomain(domain)) return null;
  return db.select({ companyId: companyDomains.companyId }).from(companyDomains).where(eq(companyDomains.domain, domain)).get()?.companyId ?? null;
}

/** Replaces a company's domains; a domain another company has is refused, naming it. */
function setCompanyDomains(tx: DbOrTx, companyId: number, domains: string[]): void {
  for (const domain of domains) {
    const owner = tx
      .select({ id: companies.id, name: companies.name })
      .from(companyDomains)
      .innerJoin(companies, eq(companies.id, companyDomains.companyId))
      .where(eq(companyDomains.domain, domain))
      .get();
    if (owner && owner.id !== companyId) {
      throw new AppError('conflict', `The domain ${domain} belongs to ${owner.name} already.`, { domains: `${domain} belongs to ${owner.name}` });
    }
  }
  tx.delete(companyDomains).where(eq(companyDomains.companyId, companyId)).run();
  if (domains.length > 0) tx.insert(companyDomains).values(domains.map((domain) => ({ domain, companyId }))).run();
}

export function getCompanyWithDomains({ id }: { id: number }, db: DbOrTx = getDb()): CompanyWithDomains | undefined {
  const company = getCompanyById({ id }, db);
  return company && { ...company, domains: listCompanyDomains({ companyIds: [id] }, db).get(id) ?? [] };
}

/** A company as its page and the API show it: its domains and how many customers it has. */
export function getCompanyDetails({ id }: { id: number }): (CompanyWithDomains & { customerCount: number }) | undefined {
  const company = getCompanyWithDomains({ id });
  if (!company) return undefined;
  const customerCount = getDb().select({ n: count() }).from(customers).where(eq(customers.companyId, id)).get()?.n ?? 0;
  return { ...company, customerCount };
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function getCompanyById({ id }: { id: number }, db: DbOrTx = getDb()): Company | undefined {
  return db.select().from(companies).where(eq(companies.id, id)).get();
}

export function getCompanyByName({ name }: { name: string }, db: DbOrTx = getDb()): Company | undefined {
  return db
    .select()
    .from(companies)
    .where(sql`lower(${companies.name}) = lower(${name.trim()})`)
    .get();
}

export function listCompanies({ q = '', page = 1, pageSize = 25 }: { q?: string; page?: number; pageSize?: number } = {}) {
  const db = getDb();
  const where = q.trim() ? like(companies.name, `%${escapeLike(q.trim())}%`) : undefined;
  const rows = db
    .select({ id: companies.id, name: companies.name, createdAt: companies.createdAt, customerCount: count(customers.id) })
    .from(companies)
    .leftJoin(customers, eq(customers.companyId, companies.id))
    .where(where)
    .groupBy(companies.id)
    .orderBy(asc(sql`lower(${companies.name})`))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(companies).where(where).get()?.n ?? 0;
  const domains = listCompanyDomains({ companyIds: rows.map((row) => row.id) }, db);
  return { companies: rows.map((row) => ({ ...row, domains: domains.get(row.id) ?? [] })), total, page, pageSize };
}

/** Every company's id and name, for pickers. */
export function listCompanyOptions(): Pick<Company, 'id' | 'name'>[] {
  return getDb()
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .orderBy(asc(sql`lower(${companies.name})`))
    .all();
}

/** The company with this name (case-insensitively), created when there is none. */
export function findOrCreateCompany(tx: DbOrTx, name: string, actor: AuditActor): Company {
  const existing = getCompanyByName({ name }, tx);
  if (existing) return existing;
  const company = tx.insert(companies).values({ name: name.trim() }).returning().get();
  recordAudit(tx, { ticketId: null, actor, action: 'company.created', detail: { companyId: company.id, name: company.name } });
  return company;
}

export function createCompany(input: unknown, actor: AuditActor): CompanyWithDomains {
  const parsed = companyInputSchema.safeParse(input);
  if (!parsed.success) throw companyInputError(parsed.error.issues);
  if (getCompanyByName(parsed.data)) throw new AppError('conflict', `A company named “${parsed.data.name}” already exists.`);
  const { name, domains = [] } = parsed.data;
  const id = getDb().transaction((tx) => {
    const company = findOrCreateCompany(tx, name, actor);
    setCompanyDomains(tx, company.id, domains);
    if (domains.length > 0) recordAudit(tx, { ticketId: null, actor, action: 'company.domains_changed', detail: { companyId: company.id, domains } });
    return company.id;
  });
  return getCompanyWithDomains({ id })!;
}

/** Renames a company or replaces its domains (either may be left out); customers who joined by domain stay. */
export function updateCompany({ id, ...input }: { id: number } & Record<string, unknown>, actor: AuditActor): CompanyWithDomains {
  const parsed = companyPatchSchema.safeParse(input);
  if (!parsed.success) throw companyInputError(parsed.error.issues);
  const { name, domains } = parsed.data;
  if (!getCompanyById({ id })) throw notFound('Company');
  const clash = name === undefined ? undefined : getCompanyByName({ name });
  if (clash && clash.id !== id) throw new AppError('conflict', `A company named “${name}” already exists.`);
  getDb().transaction((tx) => {
    if (name !== undefined) {
      tx.update(companies).set({ name }).where(eq(companies.id, id)).run();
      recordAudit(tx, { ticketId: null, actor, action: 'company.updated', detail: { companyId: id, name } });
    }
    if (domains !== undefined) {
      setCompanyDomains(tx, id, domains);
      recordAudit(tx, { ticketId: null, actor, action: 'company.domains_changed', detail: { companyId: id, domains } });
    }
  });
  return getCompanyWithDomains({ id })!;
}
