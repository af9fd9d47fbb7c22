import type { Metadata } from 'next';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { EmailSettings } from '../email-settings';

export const metadata: Metadata = { title: 'Settings: Emails' };

// Settings → Emails: how mail goes out, the text of every email, and what could not be delivered.
export default async function EmailSettingsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="Emails" />
      <div className="max-w-3xl">
        <EmailSettings agent={agent} />
      </div>
    </>
  );
}
