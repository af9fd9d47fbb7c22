import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PublicShell } from '@/app/_components/public-shell';
import { NotFoundCard } from '@/app/_components/problem-page';
import { getSettings } from '@/lib/core/settings';

export const metadata: Metadata = { title: 'Page not found' };

// Any address no route matches. It cannot know who is asking, so it offers both ways in.
export default async function NotFound() {
  // Rendered per request: the site name comes from the database, which must not be opened at build time.
  await connection();
  return (
    <PublicShell siteName={getSettings().siteName}>
      <NotFoundCard back={{ href: '/', label: '← Go to the start page' }} />
    </PublicShell>
  );
}
