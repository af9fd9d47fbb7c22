'use client';

import { useCallback, useEffect, useState } from 'react';
import { postJson, useLivePoll } from '@/app/_components/live-poll';
import { Button } from '@/app/_components/ui';
import { isWritingReply } from './reply-draft';

type Presence = { name: string; activity: 'viewing' | 'replying' };
type LastReply = { id: number; authorKind: 'agent' | 'customer' | 'participant'; authorId: number | null; authorName: string };
type TicketPoll = { version: number; lastReply: LastReply | null; presence: Presence[] };

/**
 * The live part of an agent's ticket page: re-renders it when the ticket changes, shows which other agents have it
 * open ("… is viewing", "… is replying"), and says so when someone else replied while this agent was writing (the
 * draft stays where it is).
 */
export function LiveTicket({ ticketId, agentId, version, lastReplyId }: { ticketId: number; agentId: number; version: number; lastReplyId: number }) {
  const url = `/api/live/tickets/${ticketId}`;
  const [presence, setPresence] = useState<Presence[]>([]);
  const [interruption, setInterruption] = useState<string | null>(null);
  const [seenReplyId, setSeenReplyId] = useState(lastReplyId);

  const onAnswer = useCallback(
    (answer: TicketPoll) => {
      setPresence(answer.presence);
      const reply = answer.lastReply;
      if (!reply || reply.id <= seenReplyId) return;
      setSeenReplyId(reply.id);
      const mine = reply.authorKind === 'agent' && reply.authorId === agentId;
      if (!mine && isWritingReply(ticketId)) setInterruption(`${reply.authorName} replied while you were writing. Your draft is kept; read the new reply before you send.`);
    },
    [agentId, seenReplyId, ticketId],
  );

  useLivePoll<TicketPoll>({
    request: (since) => postJson(url, { since, activity: isWritingReply(ticketId) ? 'replying' : 'viewing' }),
    initialVersion: version,
    onAnswer,
  });

  // Leaving the page takes this agent off the ticket at once rather than after the presence timeout.
  useEffect(() => {
    const leave = () => navigator.sendBeacon(url, JSON.stringify({ activity: 'left' }));
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      void postJson(url, { activity: 'left' }, { keepalive: true }).catch(() => {});
    };
  }, [url]);

  return (
    <div className="space-y-2">
      {/* In the sticky bar at the top of the ticket: framed only while someone else is there. */}
      <p role="status" className={presence.length > 0 ? 'break-words rounded-md border border-indigo-200 bg-indigo-50 px-3 py-1.5 text-sm font-medium text-indigo-900 shadow-sm' : 'sr-only'}>
        {presence.length > 0
          ? presence.map((p) => `${p.name} is ${p.activity}`).join(' · ')
          : null}
      </p>
      {interruption ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span>{interruption}</span>
          <Button type="button" variant="secondary" onClick={() => setInterruption(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}
    </div>
  );
}
