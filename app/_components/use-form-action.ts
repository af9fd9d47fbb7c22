'use client';

import { startTransition, useActionState, useEffect, useId, useRef } from 'react';
import type { ActionState } from '@/lib/web/actions';

const idle: ActionState = {};

/**
 * useActionState for forms that keep what was typed when the action reports an error, and keep keyboard and
 * screen-reader users where the work is:
 * - React resets a form after every `<form action>` run, errors included, so the form submits through onSubmit
 *   instead, and `resetOnSuccess` clears it only when the action succeeded (create forms).
 * - A second submit while one runs is ignored; the submit button stays enabled (aria-disabled) so it keeps focus.
 * - While a run is pending the previous messages are cleared, so the live regions announce the new ones even when
 *   the text repeats ("Status updated." twice).
 * - After an error, focus goes to the first invalid field; after success, to the result the action names
 *   (`state.focus`, e.g. the new reply) or else to the confirmation, unless the user has moved on meanwhile.
 *   With `keepFocusOnFields`, a form sent from one of its fields (a select that applies on change) keeps focus there:
 *   the confirmation is announced by its live region instead.
 */
export function useFormAction(
  action: (state: ActionState, formData: FormData) => Promise<ActionState>,
  { resetOnSuccess = false, keepFocusOnFields = false }: { resetOnSuccess?: boolean; keepFocusOnFields?: boolean } = {},
) {
  const [result, dispatch, pending] = useActionState(action, idle);
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = useRef(false);
  // The element focused when the form was sent: focus moves only if it is still there (the user has not moved on).
  const focusedAtSubmit = useRef<Element | null>(null);
  const messagesId = useId();
  const state = pending ? idle : result;

  useEffect(() => {
    if (!pending) submitting.current = false;
  }, [pending]);

  useEffect(() => {
    if (result === idle) return;
    const form = formRef.current;
    if (result.ok && resetOnSuccess) form?.reset();
    const stayedPut = () => document.activeElement === focusedAtSubmit.current || document.activeElement === document.body;
    if (!stayedPut()) return;
    if (keepFocusOnFields && focusedAtSubmit.current?.matches('input, select, textarea')) return;
    if (!result.ok) {
      form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const status = document.getElementById(`${messagesId}-status`);
    const confirmation = status?.textContent ? status : null;
    if (!result.focus) return confirmation?.focus();
    // The result may arrive a moment after the action's answer (a refreshed page): wait for it briefly.
    const wanted = result.focus;
    const giveUpAt = performance.now() + 3000;
    let frame = 0;
    const focusResult = () => {
      if (!stayedPut()) return;
      const target = document.getElementById(wanted);
      if (target) target.focus();
      else if (performance.now() > giveUpAt) confirmation?.focus();
      else frame = requestAnimationFrame(focusResult);
    };
    focusResult();
    return () => cancelAnimationFrame(frame);
  }, [result, resetOnSuccess, keepFocusOnFields, messagesId]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    focusedAtSubmit.current = document.activeElement;
    // With the button that submitted it, as a browser's own submit sends it ("Send & close").
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(formData));
  }

  return {
    state,
    pending,
    formProps: { ref: formRef, onSubmit },
    /** Props for <FormMessages>: the form's alert and status regions, always in the page. */
    messages: { id: messagesId, error: state.error, status: state.ok ? state.message : undefined },
  };
}
