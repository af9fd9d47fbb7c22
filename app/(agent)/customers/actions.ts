'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentActor } from '@/lib/core/audit';
import { agentAction } from '@/lib/web/actions';
import { createCustomer, updateCustomer } from '@/lib/people/customers';
import { forbidden } from '@/lib/core/errors';
import { canManageCustomers } from '@/lib/auth/policy';

// Field-level rules live in lib/people/customers.ts; the form only names what it sends.
const customerForm = z.object({
  name: z.string().default(''),
  email: z.string().default(''),
  companyId: z.string().default(''),
  company: z.string().default(''),
});
const customerFields = {
  name: { label: 'Name' },
  email: { label: 'Email', missing: 'Enter the customer’s email address.' },
  companyId: { label: 'Company' },
  company: { label: 'New company name' },
};

export const createCustomerAction = agentAction(customerForm, (data, agent) => {
  if (!canManageCustomers(agent)) throw forbidden();
  const customer = createCustomer(data, agentActor(agent));
  revalidatePath('/customers');
  revalidatePath('/companies', 'layout');
  return { ok: true, message: `Customer ${customer.name} <${customer.email}> created.` };
}, customerFields);

export const updateCustomerAction = agentAction(customerForm.extend({ id: z.coerce.number().int().positive() }), (data, agent) => {
  if (!canManageCustomers(agent)) throw forbidden();
  const customer = updateCustomer(data, agent);
  revalidatePath('/customers');
  revalidatePath(`/customers/${customer.id}`);
  revalidatePath('/companies', 'layout');
  return { ok: true, message: 'Customer saved.' };
}, customerFields);
