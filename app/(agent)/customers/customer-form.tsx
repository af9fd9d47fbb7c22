'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField, TextField } from '@/app/_components/ui';
import { createCustomerAction, updateCustomerAction } from './actions';

type CustomerValues = { id: number; name: string; email: string; companyId: number | null };

/** Creates a customer, or edits one when `customer` is given. */
export function CustomerForm({ companies, customer }: { companies: { id: number; name: string }[]; customer?: CustomerValues }) {
  const { state, pending, formProps, messages } = useFormAction(customer ? updateCustomerAction : createCustomerAction, {
    resetOnSuccess: !customer,
  });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      {customer ? <input type="hidden" name="id" value={customer.id} /> : null}
      {/* Keyed by the saved values, so the fields show what was stored after each save. */}
      <div key={JSON.stringify(customer ?? null)} className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={customer?.name} error={state.fields?.name} autoComplete="off" />
        <TextField label="Email" name="email" type="email" defaultValue={customer?.email} error={state.fields?.email} autoComplete="off" required />
        <SelectField label="Company" name="companyId" defaultValue={customer?.companyId ?? ''} error={state.fields?.companyId}>
          <option value="">No company</option>
          {companies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="New company name"
          name="company"
          error={state.fields?.company}
          hint="Creates the company (or uses the one with this name) instead of the selection."
          autoComplete="off"
        />
      </div>
      <Button type="submit" pending={pending}>
        {customer ? 'Save customer' : 'Create customer'}
      </Button>
    </form>
  );
}
