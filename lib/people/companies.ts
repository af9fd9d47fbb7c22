import 'server-only';
import { asc, count, eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, customers, type Company } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';

export const companyInputSchema = z.object({ name: z.string().trim().min(1, 'is required').max(160) });

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
  return { companies: rows, total, page, pageSize };
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

export function createCompany(input: unknown, actor: AuditActor): Company {
  const parsed = companyInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  if (getCompanyByName(parsed.data)) throw new AppError('conflict', `A company named “${parsed.data.name}” already exists.`);
  return getDb().transaction((tx) => findOrCreateCompany(tx, parsed.data.name, actor));
}

export function updateCompany({ id, ...input }: { id: number; name: unknown }, actor: AuditActor): Company {
  const parsed = companyInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  if (!getCompanyById({ id })) throw notFound('Company');
  const clash = getCompanyByName(parsed.data);
  if (clash && clash.id !== id) throw new AppError('conflict', `A company named “${parsed.data.name}” already exists.`);
  return getDb().transaction((tx) => {
    const company = tx.update(companies).set({ name: parsed.data.name }).where(eq(companies.id, id)).returning().get();
    recordAudit(tx, { ticketId: null, actor, action: 'company.updated', detail: { companyId: id, name: company.name } });
    return company;
  });
}
