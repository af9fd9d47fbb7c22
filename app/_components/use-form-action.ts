'use client';

import { startTransition, useActionState, useEffect, useRef } from 'react';
import type { ActionState } from '@/lib/actions';

/**
 * useActionState for forms that keep what was typed when the action reports an error. React resets a form after
 * every `<form action>` run, errors included, so the form submits through onSubmit instead, and `resetOnSuccess`
 * clears it only when the action succeeded (create forms).
 */
export function useFormAction(
  action: (state: ActionState, formData: FormData) => Promise<ActionState>,
  { resetOnSuccess = false }: { resetOnSuccess?: boolean } = {},
) {
  const [state, dispatch, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (resetOnSuccess && state.ok) formRef.current?.reset();
  }, [state, resetOnSuccess]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }

  return { state, pending, formProps: { ref: formRef, onSubmit } };
}
