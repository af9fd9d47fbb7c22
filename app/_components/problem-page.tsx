import Link from 'next/link';
import { Card } from '@/app/_components/ui';

// Parley's own "not found" and "something went wrong" pages: a plain explanation and a way back.

export function ProblemCard({
  title,
  children,
  back,
}: {
  title: string;
  children: React.ReactNode;
  back: { href: string; label: string };
}) {
  return (
    <Card className="mx-auto max-w-xl">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
      <p className="mt-4 text-sm">
        <Link href={back.href} className="font-medium text-indigo-700 hover:underline">
          {back.label}
        </Link>
      </p>
    </Card>
  );
}

export function NotFoundCard({ back }: { back: { href: string; label: string } }) {
  return (
    <ProblemCard title="Page not found" back={back}>
      <p>There is nothing at this address. It may have been mistyped, or what it pointed to no longer exists.</p>
    </ProblemCard>
  );
}
