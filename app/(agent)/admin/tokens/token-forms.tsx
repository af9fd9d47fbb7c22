'use client';

import { useState } from 'react';
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
        {token ? <NewTokenBox label={state.message ?? 'API token created.'} token={token} /> : null}
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

/** The one time the token is visible: the token in a selectable code element, with a Copy button. */
function NewTokenBox({ label, token }: { label: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      <p className="font-medium">{label}</p>
      <p>Copy it now: it is shown only once and cannot be recovered.</p>
      <code className="block select-all break-all rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-slate-900">{token}</code>
      <Button
        type="button"
        variant="secondary"
        onClick={() => navigator.clipboard?.writeText(token).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? 'Copied' : 'Copy token'}
      </Button>
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
