import type { Metadata } from 'next';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { SettingsForm } from '../settings-form';

export const metadata: Metadata = { title: 'Settings: Tickets' };

// Settings → Tickets: numbers, who sees what, reopening, auto-close and participants.
export default async function TicketSettingsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="Tickets" />
      <div className="max-w-3xl">
        <SettingsForm section="tickets" settings={getSettings()} />
      </div>
    </>
  );
}
