'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentActor } from '@/lib/core/audit';
import { agentAction } from '@/lib/web/actions';
import { createCompany, updateCompany } from '@/lib/people/companies';
import { forbidden } from '@/lib/core/errors';
import { canManageCustomers } from '@/lib/auth/policy';

// The domains field is one line: "acme.com, acme.de".
const domainList = z
  .string()
  .default('')
  .transform((text) => text.split(/[\s,;]+/).filter(Boolean));
const companyForm = z.object({ name: z.string().default(''), domains: domainList });
const companyFields = { name: { label: 'Name', missing: 'Enter the company’s name.' }, domains: { label: 'Email domains' } };

export const createCompanyAction = agentAction(companyForm, (data, agent) => {
  if (!canManageCustomers(agent)) throw forbidden();
  const company = createCompany(data, agentActor(agent));
  revalidatePath('/companies');
  return { ok: true, message: `Company ${company.name} created.` };
}, companyFields);

export const updateCompanyAction = agentAction(companyForm.extend({ id: z.coerce.number().int().positive() }), (data, agent) => {
  if (!canManageCustomers(agent)) throw forbidden();
  updateCompany(data, agentActor(agent));
  revalidatePath('/companies', 'layout');
  revalidatePath('/customers', 'layout');
  return { ok: true, message: 'Company saved.' };
}, companyFields);
