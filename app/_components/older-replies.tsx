'use client';

import { Fragment, useState, useTransition } from 'react';
import { Button } from '@/app/_components/ui';

export type OlderRepliesChunk = { items: React.ReactNode; count: number; nextCursor: string | null };
/** What the actions answer: the chunk, or why it was refused (a link that stopped working, an ended session). */
export type OlderRepliesResult = OlderRepliesChunk | { error: string };

/**
 * "Show older replies" at the top of a conversation: each click asks the server for the page before the oldest one
 * shown and puts it above, without re-rendering what is already there.
 */
export function OlderReplies({ cursor, loadOlder }: { cursor: string; loadOlder: (before: string) => Promise<OlderRepliesResult> }) {
  // Oldest first, like the conversation.
  const [chunks, setChunks] = useState<(OlderRepliesChunk & { before: string })[]>([]);
  const [error, setError] = useState('');
  const [pending, startTransition] = useTransition();
  const next = chunks.length > 0 ? chunks[0].nextCursor : cursor;
  const loaded = chunks.reduce((sum, chunk) => sum + chunk.count, 0);

  const showOlder = (before: string) =>
    startTransition(async () => {
      setError('');
      try {
        const chunk = await loadOlder(before);
        if ('error' in chunk) return setError(chunk.error);
        setChunks((previous) => [{ ...chunk, before }, ...previous]);
      } catch {
        setError('The older replies could not be loaded. Try again.');
      }
    });

  return (
    <>
      <li className="flex flex-wrap items-center gap-3">
        {next ? (
          <Button type="button" variant="secondary" onClick={() => showOlder(next)} disabled={pending} aria-describedby="older-replies-status">
            {pending ? 'Loading older replies…' : 'Show older replies'}
          </Button>
        ) : null}
        <span id="older-replies-status" role="status" className="text-sm text-slate-600">
          {loaded > 0 ? `${loaded} older ${loaded === 1 ? 'reply' : 'replies'} shown${next ? '' : ' — this is the start of the conversation'}.` : ''}
        </span>
        {error ? (
          <p role="alert" className="w-full text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </li>
      {chunks.map((chunk) => (
        <Fragment key={chunk.before}>{chunk.items}</Fragment>
      ))}
    </>
  );
}
