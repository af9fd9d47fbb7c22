'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField, TextField } from '@/app/_components/ui';
import {
  createAgentAction,
  inviteAgentAction,
  resendInvitationAction,
  resetAgentPasswordAction,
  resetTwoFactorAction,
  revokeInvitationAction,
  setAgentActiveAction,
  setAgentRoleAction,
  updateAgentAction,
} from './actions';

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
  agent: { id: number; name: string; email: string; active: boolean; role: 'admin' | 'agent'; twoFactor: boolean };
  isSelf: boolean;
}) {
  const edit = useFormAction(updateAgentAction);
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
            Edit name and email
          </summary>
          <form {...edit.formProps} className="mt-2 space-y-2" noValidate>
            <input type="hidden" name="id" value={agent.id} />
            <TextField id={`agent-name-${agent.id}`} label={`Name of ${agent.name}`} name="name" defaultValue={agent.name} error={edit.state.fields?.name} autoComplete="off" required />
            <TextField
              id={`agent-email-${agent.id}`}
              label={`Email of ${agent.name}`}
              name="email"
              type="email"
              defaultValue={agent.email}
              error={edit.state.fields?.email}
              hint="They sign in with it at once; the old address is told."
              autoComplete="off"
              required
            />
            <Button type="submit" pending={edit.pending}>
              Save {agent.name}
            </Button>
          </form>
        </details>
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
      <FormMessages {...edit.messages} />
      <FormMessages {...toggle.messages} />
      <FormMessages {...role.messages} />
      <FormMessages {...reset.messages} />
      <FormMessages id={resetTwoFactor.messages.id} status={resetTwoFactor.messages.status} />
    </div>
  );
}

export function InviteAgentForm() {
  const { state, pending, formProps, messages } = useFormAction(inviteAgentAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <TextField id="invite-name" label="Their name" name="name" error={state.fields?.name} autoComplete="off" required />
      <TextField id="invite-email" label="Their email" name="email" type="email" error={state.fields?.email} autoComplete="off" required />
      <SelectField id="invite-role" label="Their role" name="role" defaultValue="agent">
        <option value="agent">Agent</option>
        <option value="admin">Admin</option>
      </SelectField>
      <Button type="submit" pending={pending}>
        Send invitation
      </Button>
      <p className="text-xs text-slate-500">They get a link to choose their own password; it works once, for 72 hours.</p>
    </form>
  );
}

/** Resend (a fresh 72 hours; the earlier link stops working) and revoke, with a confirmation. */
export function InvitationRowActions({ invitation }: { invitation: { id: number; email: string } }) {
  const resend = useFormAction(resendInvitationAction);
  const revoke = useFormAction(revokeInvitationAction);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        <form {...resend.formProps}>
          <input type="hidden" name="id" value={invitation.id} />
          <Button type="submit" variant="secondary" pending={resend.pending} aria-label={`Resend the invitation to ${invitation.email}`}>
            Resend
          </Button>
        </form>
        <ConfirmedForm
          compact
          openLabel="Revoke"
          openAriaLabel={`Revoke the invitation to ${invitation.email}`}
          question={`Revoke the invitation to ${invitation.email}? Its link stops working.`}
          confirmLabel="Yes, revoke"
          formProps={revoke.formProps}
          pending={revoke.pending}
          messages={revoke.messages}
        >
          <input type="hidden" name="id" value={invitation.id} />
        </ConfirmedForm>
      </div>
      <FormMessages {...resend.messages} />
    </div>
  );
}
