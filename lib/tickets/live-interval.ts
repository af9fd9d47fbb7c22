// How often open pages ask whether they are out of date (app/_components/live-poll.ts); presence expiry follows it.
export const LIVE_POLL_MS = 3000;
