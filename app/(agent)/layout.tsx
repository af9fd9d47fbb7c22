import Link from 'next/link';
import { Main, SkipLink } from '@/app/_components/ui';
import { isAdmin } from '@/lib/policy';
import { requireAgent } from '@/lib/session';
import { SignOutButton } from './sign-out-button';

export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  const agent = await requireAgent();
  const links = [
    { href: '/tickets', label: 'Tickets' },
    { href: '/customers', label: 'Customers' },
    { href: '/companies', label: 'Companies' },
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
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-4 py-3">
          <Link href="/tickets" className="text-lg font-semibold text-indigo-700">
            Parley
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-4 text-sm">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className="text-slate-700 hover:text-indigo-700">
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span>
              Signed in as{' '}
              <Link href="/account" className="font-medium text-slate-800 underline-offset-2 hover:underline">
                {agent.name}
              </Link>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <Main className="mx-auto max-w-6xl px-4 py-6">{children}</Main>
    </div>
  );
}
