'use client';

import { Button, Checkbox, ErrorAlert, SelectField, SuccessNote, TextField } from '@/app/_components/ui';
import { useFormAction } from '@/app/_components/use-form-action';
import type { StoredImapSettings } from '@/lib/mail/inbound/imap-settings';
import { saveImapSettingsAction } from './email-actions';

/** Settings → Emails → Incoming mail: the team's own mailbox, read over IMAP. The password is never shown. */
export function MailboxSettingsForm({ settings, hasPassword }: { settings: Omit<StoredImapSettings, 'password'>; hasPassword: boolean }) {
  const { state, pending, formProps } = useFormAction(saveImapSettingsAction);
  const errors = state.fields ?? {};
  return (
    <form {...formProps} className="space-y-4" noValidate aria-label="IMAP mailbox">
      <ErrorAlert message={state.error} />
      <SuccessNote message={state.ok ? state.message : null} />
      <Checkbox label="Read the team’s mailbox over IMAP" name="enabled" defaultChecked={settings.enabled} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="IMAP server" name="host" defaultValue={settings.host} error={errors.host} autoComplete="off" />
        <TextField label="Port" name="port" inputMode="numeric" defaultValue={settings.port} error={errors.port} autoComplete="off" />
        <div className="pt-7">
          <Checkbox label="TLS (imaps)" name="secure" defaultChecked={settings.secure} />
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="User" name="user" defaultValue={settings.user} error={errors.user} autoComplete="off" />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint={hasPassword ? 'Leave empty to keep the stored password.' : undefined}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Folder to read" name="mailbox" defaultValue={settings.mailbox} error={errors.mailbox} autoComplete="off" />
        <SelectField label="After a message is taken" name="afterProcessing" defaultValue={settings.afterProcessing} error={errors.afterProcessing}>
          <option value="flag">Mark it as read</option>
          <option value="move">Move it to a folder</option>
        </SelectField>
        <TextField label="Move to folder" name="moveTo" defaultValue={settings.moveTo} error={errors.moveTo} autoComplete="off" />
      </div>
      <Button type="submit" disabled={pending}>
        Save mailbox
      </Button>
    </form>
  );
}
