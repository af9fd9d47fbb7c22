import type { Metadata } from 'next';
import { getSettings } from '@/lib/core/settings';
import { RefusedLink } from './refused-link';

// The answer (404) to every refused personal link; see page.tsx.
export const metadata: Metadata = { title: { absolute: 'Link refused · Parley' } };

export default function RefusedLinkPage() {
  return <RefusedLink participantsEnabled={getSettings().participantsEnabled} />;
}
