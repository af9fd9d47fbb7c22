import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/app/_components/ui';
import { resolveAccessLink } from '@/lib/participants/link-access';
import { getRatingPage } from '@/lib/participants/ratings';
import { ratingValues, type RatingValue } from '@/db/schema';
import { RatingForm } from './rating-form';

export const metadata: Metadata = { title: { absolute: 'How did we do? · Parley' } };

// The closing email's "Good" / "Not good" land here. Opening the page records nothing (mail scanners open links):
// the answer is preselected, and the form's POST records it.
export default async function RatingPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string; closing: string }>;
  searchParams: Promise<{ rating?: string | string[] }>;
}) {
  const { token, closing } = await params;
  // Refused, tampered and garbage links: the same neutral page as the ticket link's (../../not-found.tsx).
  if (!resolveAccessLink(token).ok) notFound();
  const page = getRatingPage({ token, closingId: closing });
  const asked = (await searchParams).rating;
  const preselected: RatingValue | null = (ratingValues as readonly unknown[]).includes(asked) ? (asked as RatingValue) : null;
  const { ticket } = page.access;
  return (
    <Card>
      <p className="text-sm text-slate-600">{ticket.displayNumber}</p>
      <h1 className="mt-1 text-xl font-semibold">How did we do?</h1>
      <p className="mt-1 text-sm text-slate-700">About “{ticket.subject}”.</p>
      {page.refusal ? (
        <p role="alert" className="mt-4 text-sm text-slate-800">
          {page.refusal}
        </p>
      ) : (
        <div className="mt-4">
          <RatingForm token={token} closing={closing} rating={page.current?.rating ?? preselected} changing={page.current !== null} comment={page.current?.comment ?? ''} />
        </div>
      )}
      <p className="mt-4 text-sm">
        <Link href={`/t/${encodeURIComponent(token)}`} className="text-indigo-700 underline">
          Back to the ticket
        </Link>
      </p>
    </Card>
  );
}
