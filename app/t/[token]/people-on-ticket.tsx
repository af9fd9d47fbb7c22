'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextField } from '@/app/_components/ui';
import type { PersonOnTicket } from '@/lib/participants/people-by-link';
import { addPersonAction, removePersonAction } from './people-actions';

// "People on this ticket" on a personal page: everyone on it (names, never links), and — when the helpdesk allows it —
// a form to add a person and a Remove button on the people this viewer added. Self-contained: the page places it.

export function PeopleOnTicket({ token, people, canAdd }: { token: string; people: PersonOnTicket[]; canAdd: boolean }) {
  return (
    <section aria-labelledby="people-heading" className="space-y-3 text-sm">
      <h2 id="people-heading" className="font-medium">
        People on this ticket
      </h2>
      <ul aria-label="People on this ticket" className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
        {people.map((person) => (
          <li key={person.key} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
            <span className="min-w-0 break-words font-medium">
              {person.label}
              {person.isYou ? ' (you)' : ''}
            </span>
            <span className="text-slate-600">
              {person.role}
              {person.company ? ` · ${person.company}` : ''}
            </span>
            {person.addedBy ? <span className="text-xs text-slate-500">{person.addedBy}</span> : null}
            {person.removableId !== null ? (
              <span className="ml-auto">
                <RemovePersonButton token={token} participantId={person.removableId} label={person.label} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {canAdd ? <AddPersonForm token={token} /> : null}
    </section>
  );
}

function AddPersonForm({ token }: { token: string }) {
  const { state, pending, formProps, messages } = useFormAction(addPersonAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-3" noValidate aria-label="Add a person">
      <FormMessages {...messages} />
      <input type="hidden" name="token" value={token} />
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
        {/* Own ids and a label without "Email": the reply form on the same page has its Email field. */}
        <TextField
          id="add-person-email"
          label="Person to add"
          name="email"
          type="email"
          autoComplete="off"
          required
          hint="Their address; they get their own link to this ticket."
          error={state.fields?.email}
        />
        <TextField id="add-person-name" label="Their name" name="name" autoComplete="off" hint="Optional." error={state.fields?.name} />
        <Button type="submit" pending={pending} className="sm:mt-6">
          Add person
        </Button>
      </div>
    </form>
  );
}

function RemovePersonButton({ token, participantId, label }: { token: string; participantId: number; label: string }) {
  const { pending, formProps, messages } = useFormAction(removePersonAction);
  return (
    <ConfirmedForm
      compact
      openLabel="Remove"
      openAriaLabel={`Remove ${label}`}
      question={`Remove ${label} from this ticket? Their link stops working at once.`}
      confirmLabel="Yes, remove"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="participantId" value={participantId} />
    </ConfirmedForm>
  );
}
