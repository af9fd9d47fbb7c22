'use client';

import { createContext, useContext, useEffect, useState } from 'react';
import type { ActionState } from '@/lib/web/actions';

// On the personal ticket page every action says what happened, and only the latest one does: closing the ticket
// clears an earlier "Your reply was sent.", and so on.

const LatestNotice = createContext<{ latest: ActionState | null; announce: (state: ActionState) => void }>({
  latest: null,
  announce: () => {},
});

export function PortalNotices({ children }: { children: React.ReactNode }) {
  const [latest, announce] = useState<ActionState | null>(null);
  return <LatestNotice.Provider value={{ latest, announce }}>{children}</LatestNotice.Provider>;
}

/** The success message of this form's last run, while no other form on the page has succeeded since. */
export function useLatestNotice(state: ActionState): string | null {
  const { latest, announce } = useContext(LatestNotice);
  useEffect(() => {
    if (state.ok && state.message) announce(state);
  }, [state, announce]);
  return state.ok && state.message && latest === state ? state.message : null;
}
