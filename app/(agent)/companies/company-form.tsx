'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextField } from '@/app/_components/ui';
import { createCompanyAction, updateCompanyAction } from './actions';

/** Creates a company, or renames one when `company` is given. */
export function CompanyForm({ company }: { company?: { id: number; name: string } }) {
  const { state, pending, formProps, messages } = useFormAction(company ? updateCompanyAction : createCompanyAction, {
    resetOnSuccess: !company,
  });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      {company ? <input type="hidden" name="id" value={company.id} /> : null}
      {/* Keyed by the saved name, so the field shows what was stored after each save. */}
      <div key={company?.name}>
        <TextField label="Name" name="name" defaultValue={company?.name} error={state.fields?.name} autoComplete="off" required />
      </div>
      <Button type="submit" pending={pending}>
        {company ? 'Save company' : 'Create company'}
      </Button>
    </form>
  );
}
