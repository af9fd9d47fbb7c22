'use client';

import { useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Checkbox, FormMessages, TextField } from '@/app/_components/ui';
import { splitReplyAction } from './merge-actions';

/**
 * A reply's "Split…": the reply (and, if asked, every later one) becomes a new ticket with its subject, its customer
 * (the reply's author unless changed) and the people chosen here (none by default), who get fresh links by email.
 */
export function SplitControl({
  ticketId,
  replyId,
  author,
  defaultSubject,
  defaultCustomerEmail,
  participants,
}: {
  ticketId: number;
  replyId: number;
  author: string;
  defaultSubject: string;
  defaultCustomerEmail: string;
  participants: { id: number; email: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  const { state, pending, formProps, messages } = useFormAction(splitReplyAction);
  const id = (name: string) => `split-${replyId}-${name}`;
  if (!open) {
    return (
      <div className="mt-1 flex justify-end">
        <button type="button" className="rounded px-1.5 text-xs text-slate-700 underline hover:bg-slate-100" onClick={() => setOpen(true)}>
          Split…<span className="sr-only"> the reply by {author} into a new ticket</span>
        </button>
      </div>
    );
  }
  return (
    <form {...formProps} className="mt-2 space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3" noValidate aria-label={`Split the reply by ${author} into a new ticket`}>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="replyId" value={replyId} />
      <TextField id={id('subject')} label="Subject of the new ticket" name="subject" defaultValue={defaultSubject} error={state.fields?.subject} required autoFocus />
      <TextField
        id={id('customer')}
        label="Customer of the new ticket"
        name="customerEmail"
        type="email"
        defaultValue={defaultCustomerEmail}
        hint="The reply’s author unless you change it. They are emailed their own link to the new ticket."
        error={state.fields?.customerEmail}
      />
      <Checkbox id={id('later')} label="Also move every later reply" name="withLaterReplies" />
      {participants.length > 0 ? (
        <fieldset className="space-y-1" aria-describedby={state.fields?.participants ? id('participants-error') : undefined}>
          <legend className="text-sm font-medium text-slate-700">People to bring (each gets a fresh link; none by default)</legend>
          {participants.map((person) => (
            <Checkbox key={person.id} id={id(`p-${person.id}`)} label={`${person.name} (${person.email})`} name="participants" value={String(person.id)} />
          ))}
          {state.fields?.participants ? (
            <p id={id('participants-error')} className="text-sm text-red-700">
              {state.fields.participants}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <p className="text-xs text-slate-600">
        The replies move with their files. Nobody keeps access to one ticket through the other; both histories record the split.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          Split into a new ticket
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
