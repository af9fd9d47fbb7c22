import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { IncomingMail } from '../email-settings';
import { SettingsForm } from '../settings-form';

export const metadata: Metadata = { title: 'Settings: Inbound' };

// Settings → Inbound: where mail comes in from (Resend, IMAP) and whose mail is refused.
export default async function InboundSettingsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="Inbound" />
      <p className="mb-6 max-w-3xl text-sm text-slate-600">
        What arrived, and what waits for a decision, is listed under{' '}
        <Link href="/admin/inbound" className="text-indigo-700 underline">
          Admin → Inbound
        </Link>
        .
      </p>
      <div className="max-w-3xl space-y-10">
        <IncomingMail />
        <SettingsForm section="inbound" settings={getSettings()} />
      </div>
    </>
  );
}
