'use client';

import { Button, ErrorAlert, SuccessNote } from '@/app/_components/ui';
import { useFormAction } from '@/app/_components/use-form-action';
import { addSenderAndApplyAction, dismissInboundAction, retryInboundAction } from './actions';

export function AddSenderButton({ id, sender }: { id: number; sender: string }) {
  const { state, pending, formProps } = useFormAction(addSenderAndApplyAction);
  return (
    <form
      {...formProps}
      onSubmit={(event) => {
        if (!window.confirm(`Add ${sender} as a participant of the ticket and apply their message?`)) {
          event.preventDefault();
          return;
        }
        formProps.onSubmit(event);
      }}
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Add ${sender} as participant and apply`}>
        Add sender as participant and apply
      </Button>
      <ErrorAlert message={state.error} />
      <SuccessNote message={state.message} />
    </form>
  );
}

export function RetryInboundButton({ id, sender }: { id: number; sender: string }) {
  const { state, pending, formProps } = useFormAction(retryInboundAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Retry message from ${sender}`}>
        Retry
      </Button>
      <ErrorAlert message={state.error} />
    </form>
  );
}

export function DismissInboundButton({ id, sender }: { id: number; sender: string }) {
  const { state, pending, formProps } = useFormAction(dismissInboundAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" pending={pending} aria-label={`Dismiss message from ${sender}`}>
        Dismiss
      </Button>
      <ErrorAlert message={state.error} />
    </form>
  );
}
