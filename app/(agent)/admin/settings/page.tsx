import type { Metadata } from 'next';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { BackupSettings } from './backup-settings';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings: General' };

// Settings → General: the site's name, sign-in rules and the backups.
export default async function GeneralSettingsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="General" />
      <div className="max-w-3xl space-y-10">
        <SettingsForm section="general" settings={getSettings()} />
        <BackupSettings />
      </div>
    </>
  );
}
