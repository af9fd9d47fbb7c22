'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { ShownOnceBox } from '@/app/_components/shown-once';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert, FormMessages, TextField } from '@/app/_components/ui';
import { createWebhookAction, deleteWebhookAction, resendWebhookDeliveryAction, setWebhookActiveAction } from './actions';

export function CreateWebhookForm({ events }: { events: { name: string; description: string }[] }) {
  const { state, pending, formProps, messages } = useFormAction(createWebhookAction, { resetOnSuccess: true });
  const secret = state.ok && typeof state.data?.secret === 'string' ? state.data.secret : null;
  return (
    <div className="space-y-4">
      <div id={`${messages.id}-status`} role="status" tabIndex={-1}>
        {secret ? <ShownOnceBox label={state.message ?? 'Webhook created.'} value={secret} copyLabel="Copy secret" /> : null}
      </div>
      <form {...formProps} className="space-y-4" noValidate>
        <ErrorAlert message={messages.error} />
        <TextField
          label="URL"
          name="url"
          type="url"
          required
          error={state.fields?.url}
          hint="https://… (plain http:// only to localhost or 127.0.0.1)"
          autoComplete="off"
        />
        <fieldset aria-describedby={state.fields?.events ? 'webhook-events-error' : undefined}>
          <legend className="text-sm font-medium">Events</legend>
          <div className="mt-2 space-y-1">
            {events.map((event) => (
              <label key={event.name} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="events" value={event.name} className="mt-0.5 h-4 w-4" />
                <span>
                  <code className="font-mono">{event.name}</code> <span className="text-slate-600">– {event.description}</span>
                </span>
              </label>
            ))}
          </div>
          {state.fields?.events ? (
            <p id="webhook-events-error" role="alert" className="mt-1 text-sm text-red-700">
              {state.fields.events}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" pending={pending}>
          Create webhook
        </Button>
      </form>
    </div>
  );
}

export function WebhookActiveForm({ id, active }: { id: number; active: boolean }) {
  const { pending, formProps, messages } = useFormAction(setWebhookActiveAction);
  return (
    <form {...formProps} className="space-y-2">
      <FormMessages {...messages} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <Button type="submit" variant="secondary" pending={pending}>
        {active ? 'Turn off' : 'Turn on'}
      </Button>
    </form>
  );
}

export function ResendDeliveryButton({ id, deliveryId, label }: { id: number; deliveryId: number; label: string }) {
  const { pending, formProps, messages } = useFormAction(resendWebhookDeliveryAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" variant="secondary" pending={pending} aria-label={`Resend ${label}`}>
        Resend
      </Button>
      <FormMessages {...messages} />
    </form>
  );
}

export function DeleteWebhookForm({ id, url }: { id: number; url: string }) {
  const { pending, formProps, messages } = useFormAction(deleteWebhookAction);
  return (
    <ConfirmedForm
      openLabel="Delete webhook"
      question={`Delete the webhook to ${url}? Nothing more is sent to it, and its delivery log is deleted too.`}
      confirmLabel="Yes, delete"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <input type="hidden" name="id" value={id} />
    </ConfirmedForm>
  );
}
