'use client';

import { useState } from 'react';
import type { ReplyBoxPeople, ReplyBoxPerson } from '@/lib/tickets/audience';

// The reply box's "To": everyone on the ticket, the customer only, or chosen people (a side reply), and a line that
// says who will receive the reply before it is sent. The form sends `to` (everyone, customer or chosen) and one
// `toPeople` per ticked person ("customer" or a participant's id).

type Choice = 'everyone' | 'customer' | 'chosen';

const key = (p: ReplyBoxPerson) => (p.kind === 'customer' ? 'customer' : String(p.id));
const label = (p: ReplyBoxPerson) => `${p.name}${p.emailsOff ? ' (emails off)' : ''}`;

/** The sentence of who receives the reply, as the reply box shows it. */
export function recipientsLine(people: ReplyBoxPeople, choice: Choice, chosen: ReadonlySet<string>): string {
  if (choice === 'customer') return `To: ${label(people.customer)} only`;
  if (choice === 'chosen') {
    const picked = [people.customer, ...people.participants].filter((p) => chosen.has(key(p)));
    return picked.length ? `To: ${picked.map(label).join(', ')} only` : 'To: nobody yet — tick at least one person';
  }
  const to = `To: ${label(people.customer)}`;
  if (people.participants.length === 0) return to;
  const names = people.participants.map(label).join(', ');
  return people.copyParticipants ? `${to} · Cc: ${names}` : `${to} · Not emailed (Copy participants is off), seen on their pages: ${names}`;
}

export function ReplyRecipients({ people, error }: { people: ReplyBoxPeople; error?: string }) {
  const [choice, setChoice] = useState<Choice>('everyone');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const everyone = [people.customer, ...people.participants];
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const options: [Choice, string][] = [
    ['everyone', 'Everyone on the ticket'],
    ['customer', 'The customer only'],
    ['chosen', 'Choose people'],
  ];
  return (
    <fieldset className="space-y-2 text-sm" aria-describedby={error ? 'reply-to-summary reply-to-error' : 'reply-to-summary'}>
      <legend className="font-medium text-slate-700">Send to</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map(([value, text]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="to" value={value} checked={choice === value} onChange={() => setChoice(value)} className="accent-indigo-600" />
            {text}
          </label>
        ))}
      </div>
      {choice === 'chosen' ? (
        <fieldset className="ml-1 space-y-1 border-l-2 border-slate-200 pl-3">
          <legend className="sr-only">People to send it to</legend>
          {everyone.map((p) => (
            <label key={key(p)} className="flex items-center gap-2 break-all">
              <input
                type="checkbox"
                name="toPeople"
                value={key(p)}
                checked={chosen.has(key(p))}
                onChange={(event) => toggle(key(p), event.currentTarget.checked)}
                className="h-4 w-4 accent-indigo-600"
              />
              {p.name}
              <span className="text-slate-500">{p.kind === 'customer' ? '(customer)' : '(participant)'}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <p id="reply-to-summary" className="break-words text-slate-700" aria-live="polite">
        {recipientsLine(people, choice, chosen)}
      </p>
      {error ? (
        <p id="reply-to-error" className="text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
