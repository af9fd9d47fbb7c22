import Link from 'next/link';
import { Main, SkipLink } from '@/app/_components/ui';
import { isAdmin, mustSetUpTwoFactor } from '@/lib/auth/policy';
import { ATTENTION_COUNT_CAP, countInboundNeedingAttention } from '@/lib/mail/inbound/admin';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { MainNav } from './main-nav';
import { ProfilePrompt } from './profile-prompt';
import { SignOutButton } from './sign-out-button';

export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  // Each page asks again without this exemption (only /account keeps it), so an agent who must set up two-factor
  // sign-in first is sent there; the menu shows nothing else meanwhile.
  const agent = await requireAgent({ twoFactorSetup: true });
  // Admins only (lib/auth/policy.ts canSeeInboundMail): null for everyone else.
  const waiting = countInboundNeedingAttention({ agent });
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
          { href: '/admin/webhooks', label: 'Webhooks' },
          { href: '/admin/mailbox', label: 'Mailbox' },
          {
            href: '/admin/inbound',
            label: 'Inbound',
            ...(waiting ? { badge: { text: waiting > ATTENTION_COUNT_CAP ? `${ATTENTION_COUNT_CAP}+` : String(waiting), label: 'need attention' } } : {}),
          },
        ]
      : []),
  ];
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        {/* At xl the header may use the whole 1280 px: an admin's eleven links, the name and Sign out share one row. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 xl:max-w-7xl xl:flex-nowrap">
          <Link href="/tickets" className="shrink-0 text-lg font-semibold text-indigo-700">
            Parley
          </Link>
          <MainNav links={links}>
            <div className="flex min-w-0 items-center gap-3 text-sm text-slate-600">
              {/* One line however long the name: it takes the room the navigation leaves (never less than 5rem) and is cut
                  with an ellipsis (the full name is its title and the link's name). */}
              <span className="flex min-w-0 items-baseline gap-1 whitespace-nowrap">
                <span className="shrink-0">Signed in as</span>
                <Link href="/account" title={agent.name} className="min-w-20 truncate font-medium text-slate-800 underline-offset-2 hover:underline">
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
