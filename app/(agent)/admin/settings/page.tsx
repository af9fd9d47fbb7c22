import type { Metadata } from 'next';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { BackupSettings } from './backup-settings';
import { EmailSettings } from './email-settings';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="Settings" />
      <div className="max-w-3xl space-y-10">
        <SettingsForm settings={getSettings()} />

        {/* ---- Emails: template editing and the delivery list go below this line, outside the settings form. ---- */}
        <EmailSettings agent={agent} />

        <BackupSettings />
      </div>
    </>
  );
}
