import type { Metadata } from 'next';
import Link from 'next/link';
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
      <nav aria-label="More settings" className="mb-6 flex gap-4 text-sm">
        <Link href="/admin/settings/tags" className="text-indigo-700 hover:underline">
          Tags
        </Link>
        <Link href="/admin/settings/service-levels" className="text-indigo-700 hover:underline">
          Service levels
        </Link>
      </nav>
      <div className="max-w-3xl space-y-10">
        <SettingsForm settings={getSettings()} />

        {/* ---- Emails: template editing and the delivery list go below this line, outside the settings form. ---- */}
        <EmailSettings agent={agent} />

        <BackupSettings />
      </div>
    </>
  );
}
