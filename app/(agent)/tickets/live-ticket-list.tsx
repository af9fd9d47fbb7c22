'use client';

import { useLivePoll } from '@/app/_components/live-poll';

/** Keeps the ticket list current: its rows re-render when any ticket changes (filters and page stay as they are). */
export function LiveTicketList({ version }: { version: number }) {
  useLivePoll({ request: () => fetch('/api/live/tickets', { cache: 'no-store' }), initialVersion: version });
  return null;
}
