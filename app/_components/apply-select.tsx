'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ActionState } from '@/lib/web/actions';
import { FormMessages, SelectField } from './ui';
import { useFormAction } from './use-form-action';

export type ApplyOption = { value: string; label: string };

// Keys with which a closed select changes its value in place (Windows and Linux browsers; on a Mac they open the list).
const browsingKeys = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
const isBrowsingKey = (event: React.KeyboardEvent) =>
  !event.altKey && !event.ctrlKey && !event.metaKey && (browsingKeys.has(event.key) || (event.key.length === 1 && event.key !== ' '));

/**
 * A choice that applies on change, with a live confirmation: a pick with the mouse, by touch or in the opened list is
 * sent at once. A keyboard user browsing the closed select with the arrow keys or by typing moves through the options
 * without applying anything, as the WAI-ARIA listbox pattern allows (selection does not follow focus): Enter or Space
 * applies the option shown, so does leaving the field (Tab, a click elsewhere), and Escape goes back to the stored
 * value. It stays a native select, so every screen reader knows it; the form's action gets `name` with the value and
 * the `hidden` fields, and its answer is announced (role="status"; errors role="alert") while focus stays put.
 * `children` go into the same form (an "Assign to me" button).
 */
export function ApplySelectForm({
  action,
  label,
  name,
  value,
  options,
  hidden,
  children,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  label: string;
  name: string;
  /** The stored value: what the select shows again after each save, or after someone else's change. */
  value: string;
  options: ApplyOption[];
  hidden: Record<string, string | number>;
  children?: React.ReactNode;
}) {
  const { state, pending, formProps, messages } = useFormAction(action, { keepFocusOnFields: true });
  const [chosen, setChosen] = useState(value);
  const [browsing, setBrowsing] = useState(false);
  const byKeyboard = useRef(false);
  const hintId = useId();

  // The stored value changed (this save, or another agent's through the live page): show it.
  useEffect(() => {
    setChosen(value);
    setBrowsing(false);
  }, [value]);
  // A refused change leaves the stored value showing (the alert says why).
  useEffect(() => {
    if (state.error) setChosen(value);
    // Only a new answer resets the choice, not the stored value changing meanwhile (the effect above handles that).
  }, [state]);

  function apply() {
    setBrowsing(false);
    const form = formProps.ref.current;
    const select = form?.elements.namedItem(name) as HTMLSelectElement | null;
    if (!form || !select || select.value === value) return;
    form.requestSubmit();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLSelectElement>) {
    byKeyboard.current = isBrowsingKey(event);
    if (event.key === 'Enter' && chosen !== value) {
      event.preventDefault();
      apply();
    } else if (event.key === ' ' && browsing) {
      // Space opens the list otherwise; while an option waits to be applied, it applies it.
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape' && browsing) {
      event.preventDefault();
      setChosen(value);
      setBrowsing(false);
    }
  }

  return (
    <form {...formProps} className="space-y-2" noValidate>
      <FormMessages {...messages} />
      {Object.entries(hidden).map(([field, fieldValue]) => (
        <input key={field} type="hidden" name={field} value={fieldValue} />
      ))}
      <SelectField
        label={label}
        name={name}
        value={chosen}
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        onKeyUp={() => (byKeyboard.current = false)}
        onPointerDown={() => (byKeyboard.current = false)}
        onChange={(event) => {
          const picked = event.currentTarget.value;
          setChosen(picked);
          if (byKeyboard.current) setBrowsing(picked !== value);
          else apply();
        }}
        onBlur={() => {
          if (browsing) apply();
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectField>
      <span id={hintId} className="sr-only">
        Applies when chosen. With the arrow keys, press Enter or leave the field to apply.
      </span>
      {/* What waits to be applied, said once when it appears (its text does not change while browsing). */}
      <p role="status" className={pending || browsing ? 'text-xs text-slate-700' : 'sr-only'}>
        {pending ? 'Saving…' : browsing ? 'Not applied yet: press Enter or leave the field to apply, Escape to go back.' : ''}
      </p>
      {children}
    </form>
  );
}
