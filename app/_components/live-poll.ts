'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { LIVE_POLL_MS } from '@/lib/tickets/live-interval';

// The browser side of lib/tickets/live.ts and lib/participants/link-poll.ts: ask every few seconds whether the page is out of date, and re-render it in place
// (router.refresh keeps client state, so whatever is typed in a form stays) when it is.

type PollOptions<T> = {
  /** Sends one poll; `since` is the version the page shows. */
  request: (since: number) => Promise<Response>;
  /** The ticket's (or list's) version the server rendered. */
  initialVersion: number;
  /** Called with each answer, before any refresh. */
  onAnswer?: (answer: T & { version: number }, previousVersion: number) => void;
};

/**
 * Polls while the tab is visible (a hidden tab stops asking, and asks at once when shown again). A newer version
 * refreshes the page; a refusal (link revoked, session ended, ticket taken away) refreshes it too, so the page itself
 * shows why.
 */
export function useLivePoll<T>({ request, initialVersion, onAnswer }: PollOptions<T>): void {
  const router = useRouter();
  const version = useRef(initialVersion);
  const latest = useRef({ request, onAnswer });
  latest.current = { request, onAnswer };

  // A re-render after a refresh brings the server's newer version along.
  useEffect(() => {
    version.current = Math.max(version.current, initialVersion);
  }, [initialVersion]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let refused = false;
    let inFlight = false;

    async function poll() {
      clearTimeout(timer);
      // One chain of polls: a poll already under way schedules the next one itself.
      if (stopped || inFlight || document.visibilityState !== 'visible') return;
      inFlight = true;
      try {
        const response = await latest.current.request(version.current);
        if (response.ok) {
          const answer = (await response.json()) as T & { version: number };
          const previous = version.current;
          latest.current.onAnswer?.(answer, previous);
          if (answer.version > previous) {
            version.current = answer.version;
            router.refresh();
          }
          refused = false;
        } else if (!refused && [401, 403, 404].includes(response.status)) {
          refused = true;
          router.refresh();
        }
      } catch {
        // Offline for a moment: the next poll tries again.
      } finally {
        inFlight = false;
      }
      if (!stopped) timer = setTimeout(poll, LIVE_POLL_MS);
    }

    const onVisibility = () => {
      if (document.visibilityState === 'visible') void poll();
    };
    document.addEventListener('visibilitychange', onVisibility);
    timer = setTimeout(poll, LIVE_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [router]);
}

export const postJson = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store', ...init });
