'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextField } from '@/app/_components/ui';
import { createCompanyAction, updateCompanyAction } from './actions';

/** Creates a company, or renames one and changes its email domains when `company` is given. */
export function CompanyForm({ company }: { company?: { id: number; name: string; domains: string[] } }) {
  const { state, pending, formProps, messages } = useFormAction(company ? updateCompanyAction : createCompanyAction, {
    resetOnSuccess: !company,
  });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      {company ? <input type="hidden" name="id" value={company.id} /> : null}
      {/* Keyed by what was saved, so the fields show what was stored after each save. */}
      <div key={`${company?.name}|${company?.domains.join(',')}`} className="space-y-4">
        <TextField label="Name" name="name" defaultValue={company?.name} error={state.fields?.name} autoComplete="off" required />
        <TextField
          label="Email domains"
          name="domains"
          defaultValue={company?.domains.join(', ')}
          error={state.fields?.domains}
          hint="New customers with an address at one of these domains join this company, e.g. acme.com. Separate several with commas. Free-mail domains such as gmail.com cannot be used."
          autoComplete="off"
        />
      </div>
      <Button type="submit" pending={pending}>
        {company ? 'Save company' : 'Create company'}
      </Button>
    </form>
  );
}
