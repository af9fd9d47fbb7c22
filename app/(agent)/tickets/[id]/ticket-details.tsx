'use client';

import { useId, useState } from 'react';

/**
 * The ticket's status, assignee and people. In the DOM (and so for keyboard and screen-reader users) they come before
 * the conversation; at lg widths they sit in the right-hand column, always open. On narrower screens they come first
 * and fold away with "Hide details", leaving `summary` (status · assignee) in view.
 */
export function TicketDetails({ summary, children }: { summary: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(true);
  const panelId = useId();
  return (
    <section aria-label="Ticket details" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white px-4 py-2 lg:hidden">
        <p className="min-w-0 break-words text-sm text-slate-700">{summary}</p>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          {open ? 'Hide details' : 'Show details'}
        </button>
      </div>
      <div id={panelId} className={`space-y-6 ${open ? '' : 'hidden'} lg:block`}>
        {children}
      </div>
    </section>
  );
}
