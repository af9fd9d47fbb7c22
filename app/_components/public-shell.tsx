import { Main, SkipLink } from '@/app/_components/ui';

/** The plain header of pages for people outside the team (no navigation: they have no account). */
function PublicHeader({ siteName }: { siteName: string }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto max-w-3xl px-4 py-4">
        <p className="text-lg font-semibold tracking-tight">{siteName}</p>
      </div>
    </header>
  );
}

/** Header plus a centred column, for /submit and the personal ticket pages. */
export function PublicShell({ siteName, children }: { siteName: string; children: React.ReactNode }) {
  return (
    <>
      <SkipLink />
      <PublicHeader siteName={siteName} />
      <Main className="mx-auto max-w-3xl px-4 py-8">{children}</Main>
    </>
  );
}
