import type { Metadata } from 'next';
import { PublicShell } from '@/app/_components/public-shell';
import { getSettings } from '@/lib/core/settings';
import { maxAttachmentBytes } from '@/lib/files/store';
import { SubmitForm } from './submit-form';

export const metadata: Metadata = {
  title: 'Submit a ticket',
  description: 'Ask the support team for help: describe what you need, and we email you a personal link to follow your ticket. No account needed.',
};
export const dynamic = 'force-dynamic';

export default function SubmitPage() {
  const { siteName } = getSettings();
  return (
    <PublicShell siteName={siteName}>
      <h1 className="mb-2 text-2xl font-semibold tracking-tight">Submit a ticket</h1>
      <p className="mb-6 text-sm text-slate-600">Tell us what you need. No account is needed: we email you a link to follow your ticket.</p>
      <SubmitForm maxAttachmentBytes={maxAttachmentBytes()} />
    </PublicShell>
  );
}
