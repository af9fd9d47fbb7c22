'use client';

import { ProblemCard } from '@/app/_components/problem-page';
import { Button } from '@/app/_components/ui';

// An unexpected failure while rendering a page. The details stay in the server log (the digest ties them together).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="px-4 py-8">
      <ProblemCard title="Something went wrong" back={{ href: '/', label: '← Go to the start page' }}>
        <p>This page could not be shown. Try again in a moment; if it keeps happening, tell your administrator.</p>
        {error.digest ? <p className="text-xs text-slate-500">Reference for the administrator: {error.digest}</p> : null}
        <Button type="button" variant="secondary" onClick={reset}>
          Try again
        </Button>
      </ProblemCard>
    </main>
  );
}
