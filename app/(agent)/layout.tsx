import Link from 'next/link';
import { Main, SkipLink } from '@/app/_components/ui';
import { isAdmin, mustSetUpTwoFactor } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { MainNav } from './main-nav';
import { ProfilePrompt } from './profile-prompt';
import { SignOutButton } from './sign-out-button';

export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  // Each page asks again without this exemption (only /account keeps it), so an agent who must set up two-factor
  // sign-in first is sent there; the menu shows nothing else meanwhile.
  const agent = await requireAgent({ twoFactorSetup: true });
  const links = mustSetUpTwoFactor(agent, getSettings()) ? [] : [
    { href: '/tickets', label: 'Tickets' },
    { href: '/customers', label: 'Customers' },
    { href: '/companies', label: 'Companies' },
    { href: '/saved-replies', label: 'Saved replies' },
    { href: '/reports', label: 'Reports' },
    ...(isAdmin(agent)
      ? [
          { href: '/admin/settings', label: 'Settings' },
          { href: '/admin/agents', label: 'Agents' },
          { href: '/admin/tokens', label: 'API tokens' },
          { href: '/admin/mailbox', label: 'Mailbox' },
          { href: '/admin/inbound', label: 'Inbound' },
        ]
      : []),
  ];
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
          <Link href="/tickets" className="text-lg font-semibold text-indigo-700">
            Parley
          </Link>
          <MainNav links={links}>
            <div className="flex items-center gap-3 text-sm text-slate-600">
              <span>
                Signed in as{' '}
                <Link href="/account" className="font-medium text-slate-800 underline-offset-2 hover:underline">
                  {agent.name}
                </Link>
              </span>
              <SignOutButton />
            </div>
          </MainNav>
        </div>
      </header>
      <Main className="mx-auto max-w-6xl px-4 py-6">
        {agent.profileReviewed ? null : <ProfilePrompt name={agent.name} email={agent.email} />}
        {children}
      </Main>
    </div>
  );
}
