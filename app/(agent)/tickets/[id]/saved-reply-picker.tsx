'use client';

import { useEffect, useId, useState } from 'react';
import { Button, TextField } from '@/app/_components/ui';

type SavedReplyOption = { id: number; title: string; body: string };

/** Saved replies matching `q`, with tags filled for this ticket; fetched while the panel is open (after a pause). */
function useSavedReplies(ticketId: number, q: string, open: boolean) {
  const [state, setState] = useState<{ items: SavedReplyOption[]; error: string | null; loading: boolean }>({ items: [], error: null, loading: false });
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      fetch(`/api/internal/saved-replies?ticketId=${ticketId}&q=${encodeURIComponent(q.trim())}`, { signal: controller.signal })
        .then(async (response) => {
          const body = await response.json();
          if (!response.ok) throw new Error(body?.error?.message ?? 'The saved replies could not be loaded.');
          setState({ items: body.savedReplies, error: null, loading: false });
        })
        .catch((error: Error) => {
          if (error.name !== 'AbortError') setState({ items: [], error: error.message, loading: false });
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [ticketId, q, open]);
  return state;
}

/** "Insert saved reply": a searchable list; choosing one puts its text (tags filled) into the reply box. */
export function SavedReplyPicker({ ticketId, onInsert }: { ticketId: number; onInsert: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const { items, error, loading } = useSavedReplies(ticketId, q, open);
  const panelId = useId();
  return (
    <div>
      <Button type="button" variant="secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Insert saved reply
      </Button>
      <div id={panelId} hidden={!open} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        {open ? (
          <>
            <TextField
              id={`${panelId}-search`}
              label="Search saved replies"
              name="savedReplySearch"
              type="search"
              autoComplete="off"
              value={q}
              autoFocus
              onChange={(event) => setQ(event.currentTarget.value)}
              onKeyDown={(event) => {
                // Enter in the search box must not send the reply form around it.
                if (event.key === 'Enter') event.preventDefault();
                if (event.key === 'Escape') setOpen(false);
              }}
            />
            {error ? (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
            <p role="status" className="text-xs text-slate-500">
              {loading ? 'Searching…' : items.length === 0 ? (q.trim() ? 'No saved replies match.' : 'No saved replies yet. Add them under Saved replies.') : `${items.length} saved ${items.length === 1 ? 'reply' : 'replies'}`}
            </p>
            <ul aria-label="Saved replies" className="max-h-72 space-y-1 overflow-auto">
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="w-full rounded-md border border-transparent px-2 py-1.5 text-left text-sm hover:border-indigo-200 hover:bg-white focus:border-indigo-400 focus:bg-white focus:outline-none"
                    onClick={() => {
                      onInsert(item.body);
                      setOpen(false);
                      setQ('');
                    }}
                  >
                    <span className="block font-medium">{item.title}</span>
                    <span className="block truncate text-xs text-slate-500">{item.body}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
