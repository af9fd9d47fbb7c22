'use client';

import { useState, useTransition } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert, FormMessages, TextField } from '@/app/_components/ui';
import type { MergeCandidate } from '@/lib/tickets/merge';
import { findMergeTargetsAction, mergeTicketAction } from './merge-actions';

type TicketSummary = Omit<MergeCandidate, 'id'>;

function Summary({ label, ticket }: { label: string; ticket: TicketSummary }) {
  return (
    <div className="min-w-0 rounded-md border border-slate-200 bg-white p-3 text-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="break-words font-medium">
        <span className="font-mono text-slate-600">{ticket.displayNumber}</span> {ticket.subject}
      </p>
      <p className="break-words text-slate-700">
        Customer: {ticket.customerName} ({ticket.customerEmail})
      </p>
      <p className="text-slate-700">
        {ticket.participantCount === 1 ? '1 participant' : `${ticket.participantCount} participants`}
      </p>
    </div>
  );
}

/**
 * "Merge into…": find the ticket by number or subject, then confirm with both tickets side by side. The merge moves
 * this ticket's conversation, files and people into the chosen one, closes this one for good, and cannot be undone.
 */
export function MergeControl({ ticketId, ticket }: { ticketId: number; ticket: TicketSummary }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<MergeCandidate[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<MergeCandidate | null>(null);
  const [searching, startSearch] = useTransition();
  const { state, pending, formProps, messages } = useFormAction(mergeTicketAction);

  function search(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChosen(null);
    startSearch(async () => {
      const answer = await findMergeTargetsAction(ticketId, q);
      if ('error' in answer) {
        setSearchError(answer.error);
        setResults(null);
      } else {
        setSearchError(null);
        setResults(answer.candidates);
      }
    });
  }

  if (!open) {
    return (
      <div>
        <h2 className="mb-2 text-lg font-semibold">Merge</h2>
        <p className="mb-3 text-sm text-slate-600">The same problem in two tickets? Merge this one into the other; everyone on it moves along.</p>
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          Merge into…
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Merge {ticket.displayNumber} into another ticket</h2>
      <form role="search" aria-label="Find the ticket to merge into" onSubmit={search} className="space-y-2" noValidate>
        <TextField label="Ticket number or subject" name="mergeQuery" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" pending={searching}>
            Find tickets
          </Button>
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
      </form>
      <ErrorAlert message={searchError} />
      <div role="status" className="text-sm text-slate-700">
        {results === null ? '' : results.length === 0 ? 'No ticket you may work matches.' : `${results.length === 1 ? '1 ticket' : `${results.length} tickets`} found.`}
      </div>
      {results && results.length > 0 && !chosen ? (
        <ul aria-label="Tickets to merge into" className="space-y-1">
          {results.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className="w-full break-words rounded-md border border-slate-300 px-3 py-2 text-left text-sm hover:bg-slate-50"
                onClick={() => setChosen(candidate)}
              >
                <span className="font-mono text-slate-600">{candidate.displayNumber}</span> {candidate.subject}
                <span className="block text-xs text-slate-600">{candidate.customerName}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FormMessages {...messages} />
      {chosen ? (
        <form {...formProps} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-3" noValidate aria-label="Confirm the merge">
          <input type="hidden" name="ticketId" value={ticketId} />
          <input type="hidden" name="into" value={chosen.id} />
          <div className="grid gap-2 sm:grid-cols-2">
            <Summary label="Merge this ticket" ticket={ticket} />
            <Summary label="Into" ticket={chosen} />
          </div>
          <p className="text-sm text-red-900">
            {ticket.displayNumber}’s replies, notes, files and history join {chosen.displayNumber}; its customer and participants become
            participants of {chosen.displayNumber} and are emailed their link to it. {ticket.displayNumber} is closed and read-only.{' '}
            <strong>A merge cannot be undone.</strong>
          </p>
          {state.fields?.into ? <p className="text-sm text-red-700">{state.fields.into}</p> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={pending}>
              Merge {ticket.displayNumber} into {chosen.displayNumber}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setChosen(null)}>
              Choose another ticket
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
