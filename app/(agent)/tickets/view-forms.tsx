'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Checkbox, FormMessages, TextField } from '@/app/_components/ui';
import { deleteViewAction, saveViewAction } from './view-actions';

/** "Save as view": the list's current filters under a name, for the agent alone or shared with the team. */
export function SaveViewForm({ query }: { query: Record<string, string> }) {
  const { state, pending, formProps, messages } = useFormAction(saveViewAction);
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-3" noValidate>
      <FormMessages {...messages} />
      {Object.entries(query).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField label="View name" name="name" autoComplete="off" error={state.fields?.name} />
      <Checkbox label="Share with the team" name="shared" />
      <Button type="submit" variant="secondary" pending={pending}>
        Save as view
      </Button>
    </form>
  );
}

export function DeleteViewForm({ id, name }: { id: number; name: string }) {
  const { pending, formProps, messages } = useFormAction(deleteViewAction);
  return (
    <ConfirmedForm
      openLabel="Delete view…"
      openAriaLabel={`Delete view ${name}`}
      question={`Delete the view ${name}? Its tickets are not changed.`}
      confirmLabel="Yes, delete"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <input type="hidden" name="id" value={id} />
    </ConfirmedForm>
  );
}
