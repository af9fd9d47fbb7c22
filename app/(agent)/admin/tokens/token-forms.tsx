'use client';

import { ShownOnceBox } from '@/app/_components/shown-once';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert, FormMessages, SelectField, TextField } from '@/app/_components/ui';
import { createApiTokenAction, revokeApiTokenAction } from './actions';

export function CreateTokenForm({ agents, currentAgentId }: { agents: { id: number; name: string; email: string }[]; currentAgentId: number }) {
  const { state, pending, formProps, messages } = useFormAction(createApiTokenAction, { resetOnSuccess: true });
  const token = state.ok && typeof state.data?.token === 'string' ? state.data.token : null;
  return (
    <div className="space-y-4">
      {/* The status region stays in the page (so the new token is announced); focus moves to it after creation. */}
      <div id={`${messages.id}-status`} role="status" tabIndex={-1}>
        {token ? <ShownOnceBox label={state.message ?? 'API token created.'} value={token} copyLabel="Copy token" /> : null}
      </div>
      <form {...formProps} className="space-y-4" noValidate>
        <ErrorAlert message={messages.error} />
        <TextField label="Label" name="label" error={state.fields?.label} hint="What the token is for, e.g. “CRM sync”." autoComplete="off" required />
        <SelectField label="Acts as agent" name="agentId" defaultValue={currentAgentId}>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name} ({agent.email})
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={pending}>
          Create token
        </Button>
      </form>
    </div>
  );
}

export function RevokeTokenButton({ id, label }: { id: number; label: string }) {
  const { state, pending, formProps, messages } = useFormAction(revokeApiTokenAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" pending={pending} aria-label={`Revoke ${label}`}>
        Revoke
      </Button>
      <FormMessages {...messages} />
    </form>
  );
}
