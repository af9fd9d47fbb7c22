import type { Metadata } from 'next';
import { PublicShell } from '@/app/_components/public-shell';
import { getSettings } from '@/lib/core/settings';

// Personal ticket pages carry their access token in the URL: keep them out of search engines and out of
// Referer headers (proxy.ts also sends Referrer-Policy: no-referrer for /t/*).
export const metadata: Metadata = { title: 'Your ticket', robots: { index: false }, referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

export default function PersonalLinkLayout({ children }: { children: React.ReactNode }) {
  return <PublicShell siteName={getSettings().siteName}>{children}</PublicShell>;
}
