import type { Metadata } from 'next';
import { PublicShell } from '@/app/_components/public-shell';
import { NotFoundCard } from '@/app/_components/problem-page';
import { getSettings } from '@/lib/settings';

export const metadata: Metadata = { title: 'Page not found' };

// Any address no route matches. It cannot know who is asking, so it offers both ways in.
export default function NotFound() {
  return (
    <PublicShell siteName={getSettings().siteName}>
      <NotFoundCard back={{ href: '/', label: '← Go to the start page' }} />
    </PublicShell>
  );
}
