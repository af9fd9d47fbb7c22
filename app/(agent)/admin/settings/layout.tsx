import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { SettingsNav } from './settings-nav';

// Every Settings page shares the section navigation; each page checks the policy itself as well.
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return children;
  return (
    <>
      <p className="mb-1 text-sm font-medium text-slate-500">Settings</p>
      <SettingsNav />
      {children}
    </>
  );
}
