'use client';

import { useId, useState } from 'react';

/** How many of the newest history entries show before "Show all". */
export const HISTORY_SHOWN = 5;

/**
 * The ticket's history, oldest first, showing only its last HISTORY_SHOWN entries until "Show all" (a disclosure
 * button above the list, where the earlier entries appear). `entries` are rendered list items.
 */
export function TicketHistory({ entries }: { entries: React.ReactNode[] }) {
  const [all, setAll] = useState(false);
  const headingId = useId();
  const listId = useId();
  const hidden = Math.max(0, entries.length - HISTORY_SHOWN);
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          History
        </h2>
        {hidden > 0 ? (
          <button type="button" aria-expanded={all} aria-controls={listId} onClick={() => setAll(!all)} className="text-sm text-indigo-700 hover:underline">
            {all ? `Show the last ${HISTORY_SHOWN} only` : `Show all ${entries.length} entries`}
          </button>
        ) : null}
      </div>
      <ol id={listId} aria-labelledby={headingId} className="space-y-2 text-sm">
        {entries.map((entry, index) => (
          <li key={index} hidden={!all && index < hidden}>
            {entry}
          </li>
        ))}
      </ol>
    </>
  );
}
