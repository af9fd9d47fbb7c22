'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField, TextField } from '@/app/_components/ui';
import { createAgentAction, resetAgentPasswordAction, resetTwoFactorAction, setAgentActiveAction, setAgentRoleAction } from './actions';

export function CreateAgentForm() {
  const { state, pending, formProps, messages } = useFormAction(createAgentAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <TextField label="Name" name="name" error={state.fields?.name} autoComplete="off" required />
      <TextField label="Email" name="email" type="email" error={state.fields?.email} autoComplete="off" required />
      <TextField
        label="Password"
        name="password"
        type="password"
        error={state.fields?.password}
        hint="At least 10 characters; not the email address and not a common password."
        autoComplete="new-password"
        required
      />
      <SelectField label="Role" name="role" defaultValue="agent">
        <option value="agent">Agent</option>
        <option value="admin">Admin</option>
      </SelectField>
      <Button type="submit" pending={pending}>
        Create agent
      </Button>
    </form>
  );
}

/** Per-row controls: activate / deactivate, role and a password reset. */
export function AgentRowActions({
  agent,
  isSelf,
}: {
  agent: { id: number; name: string; active: boolean; role: 'admin' | 'agent'; twoFactor: boolean };
  isSelf: boolean;
}) {
  const toggle = useFormAction(setAgentActiveAction);
  const resetTwoFactor = useFormAction(resetTwoFactorAction);
  const reset = useFormAction(resetAgentPasswordAction, { resetOnSuccess: true });
  const role = useFormAction(setAgentRoleAction);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        {isSelf ? null : (
          <form {...toggle.formProps}>
            <input type="hidden" name="id" value={agent.id} />
            <input type="hidden" name="active" value={agent.active ? 'false' : 'true'} />
            <Button type="submit" variant={agent.active ? 'danger' : 'secondary'} pending={toggle.pending} aria-label={`${agent.active ? 'Deactivate' : 'Activate'} ${agent.name}`}>
              {agent.active ? 'Deactivate' : 'Activate'}
            </Button>
          </form>
        )}
        {isSelf ? null : (
          <form {...role.formProps}>
            <input type="hidden" name="id" value={agent.id} />
            <input type="hidden" name="role" value={agent.role === 'admin' ? 'agent' : 'admin'} />
            <Button type="submit" variant="secondary" pending={role.pending}>
              {agent.role === 'admin' ? `Make ${agent.name} an agent` : `Make ${agent.name} an admin`}
            </Button>
          </form>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer rounded-md border border-slate-300 px-3 py-2 font-medium text-slate-800 hover:bg-slate-50">
            Reset password
          </summary>
          <form {...reset.formProps} className="mt-2 flex items-end gap-2" noValidate>
            <input type="hidden" name="id" value={agent.id} />
            <TextField
              id={`new-password-${agent.id}`}
              label={`New password for ${agent.name}`}
              name="password"
              type="password"
              error={reset.state.fields?.password}
              autoComplete="new-password"
              required
            />
            <Button type="submit" pending={reset.pending}>
              Save password
            </Button>
          </form>
        </details>
      </div>
      {agent.twoFactor && !isSelf ? (
        <ConfirmedForm
          openLabel="Reset two-factor sign-in"
          openAriaLabel={`Reset two-factor sign-in of ${agent.name}`}
          question={`Turn off two-factor sign-in for ${agent.name}? Their sessions end, they are emailed, and they sign in with their password alone until they set it up again.`}
          confirmLabel="Yes, reset it"
          formProps={resetTwoFactor.formProps}
          pending={resetTwoFactor.pending}
          // The confirmation is said below the row: after the reset this form is gone from it.
          messages={{ id: `${resetTwoFactor.messages.id}-confirm`, error: resetTwoFactor.messages.error }}
        >
          <input type="hidden" name="id" value={agent.id} />
        </ConfirmedForm>
      ) : null}
      <FormMessages {...toggle.messages} />
      <FormMessages {...role.messages} />
      <FormMessages {...reset.messages} />
      <FormMessages id={resetTwoFactor.messages.id} status={resetTwoFactor.messages.status} />
    </div>
  );
}
