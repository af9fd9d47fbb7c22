'use client';

import { useEffect, useId, useState } from 'react';
import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Badge, Button, FormMessages, PageHeader, TextField } from '@/app/_components/ui';
import { addParticipantAction, removeParticipantAction } from '../actions';

/** The ticket header with a "View participants" button that shows or hides the participants panel below it; `actions` follow the button. */
export function TicketHeaderWithParticipants({
  title,
  participantCount,
  actions,
  children,
}: {
  title: React.ReactNode;
  participantCount: number;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <PageHeader title={title}>
        <Button type="button" variant="secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          View participants
          <span className="ml-2">
            <Badge tone="sky">{participantCount}</Badge>
          </span>
        </Button>
        {actions}
      </PageHeader>
      <div id={panelId} hidden={!open} className="mb-6">
        {children}
      </div>
    </>
  );
}

export function RemoveParticipantButton({ ticketId, participantId, email }: { ticketId: number; participantId: number; email: string }) {
  const { pending, formProps, messages } = useFormAction(removeParticipantAction);
  return (
    <ConfirmedForm
      openLabel="Remove"
      openAriaLabel={`Remove ${email}`}
      question={`Remove ${email} from this ticket? Their link stops working at once and they are emailed that they were removed.`}
      confirmLabel="Yes, remove"
      formProps={formProps}
      pending={pending}
      messages={messages}
    >
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="participantId" value={participantId} />
    </ConfirmedForm>
  );
}

type CustomerOption = { id: number; name: string; email: string };

/** Customers whose name or email matches, fetched while the agent types (after a short pause). */
function useCustomerSearch(query: string, enabled: boolean): CustomerOption[] {
  const [results, setResults] = useState<CustomerOption[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (!enabled || q.length < 2) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/internal/customers/search?q=${encodeURIComponent(q)}`, { signal: controller.signal })
        .then((response) => (response.ok ? response.json() : { customers: [] }))
        .then((body: { customers: CustomerOption[] }) => setResults(body.customers))
        .catch(() => {
          // An aborted or failed lookup leaves the list as it was; typing an address still works.
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);
  return results;
}

/** Add a participant: pick an existing customer from the suggestions, or type any email address (a guest). */
export function AddParticipantForm({ ticketId, alreadyOnTicket }: { ticketId: number; alreadyOnTicket: string[] }) {
  const { state, pending, formProps, messages } = useFormAction(addParticipantAction, { resetOnSuccess: true });
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<CustomerOption | null>(null);
  const [listOpen, setListOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // People already on the ticket (its customer, current participants) are not offered again.
  const options = useCustomerSearch(query, chosen === null).filter((c) => !alreadyOnTicket.includes(c.email));
  const listId = useId();
  const expanded = listOpen && options.length > 0;

  useEffect(() => {
    if (state.ok) {
      setQuery('');
      setChosen(null);
    }
  }, [state]);

  function choose(customer: CustomerOption) {
    setChosen(customer);
    setQuery(customer.email);
    setListOpen(false);
    setActive(-1);
  }

  // Keys of the WAI-ARIA combobox pattern (list autocomplete, no automatic selection): focus stays in the input and
  // aria-activedescendant names the highlighted suggestion.
  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      setListOpen(true);
      // Alt+Down opens the list without moving into it.
      if (event.altKey) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current === -1 && step === -1 ? options.length - 1 : (current + step + options.length) % options.length));
    } else if (event.key === 'Enter' && expanded && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape') {
      // The first Escape closes the list; with the list closed, it clears what was typed.
      if (expanded) event.preventDefault();
      else {
        setQuery('');
        setChosen(null);
      }
      setListOpen(false);
      setActive(-1);
    }
  }

  return (
    <form {...formProps} className="space-y-3" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="customerId" value={chosen?.id ?? ''} />
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
        <div className="relative">
          <TextField
            id={`${listId}-input`}
            label="Add participant"
            name="email"
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-option-${active}` : undefined}
            autoComplete="off"
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setChosen(null);
              setListOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setListOpen(false)}
            hint={chosen ? `Customer: ${chosen.name} <${chosen.email}>` : 'Type a name or email to find a customer, or type any email address.'}
            error={state.fields?.email}
            required
          />
          {/* How many suggestions there are, said politely as they change (the region stays, its text changes). */}
          <p role="status" className="sr-only">
            {expanded ? `${options.length} matching ${options.length === 1 ? 'customer' : 'customers'}; use the arrow keys to choose.` : ''}
          </p>
          <ul
            id={listId}
            role="listbox"
            aria-label="Matching customers"
            hidden={!expanded}
            className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {options.map((customer, index) => (
              <li
                key={customer.id}
                id={`${listId}-option-${index}`}
                role="option"
                aria-selected={index === active}
                // Keeps focus in the input so its blur does not close the list before the click lands.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(customer)}
                // The highlight keeps the soft fill and adds an outline, so it is visible at 3:1 (WCAG 1.4.11).
                className={`cursor-pointer px-3 py-2 ${index === active ? 'bg-indigo-100 outline-2 -outline-offset-2 outline-indigo-600' : 'hover:bg-slate-100'}`}
              >
                <span className="font-medium">{customer.name}</span> <span className="text-slate-600">{customer.email}</span>
              </li>
            ))}
          </ul>
        </div>
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          disabled={chosen !== null}
          hint={chosen ? 'The customer’s own name is used.' : 'Optional, for someone who is not a customer yet.'}
          error={state.fields?.name}
        />
        <Button type="submit" pending={pending} className="sm:mt-6">
          Add
        </Button>
      </div>
    </form>
  );
}
