'use client';

import { postJson, useLivePoll } from '@/app/_components/live-poll';

/** Keeps a personal ticket page current: new replies and status changes appear without a reload. */
export function LivePortal({ token, version }: { token: string; version: number }) {
  useLivePoll({ request: () => postJson('/api/live/link', { token }), initialVersion: version });
  return null;
}
