import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessDenied, Card, PageHeader } from '@/app/_components/ui';
import { canManageTags } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { listTagsWithCounts } from '@/lib/tickets/tags';
import { TagRowForms } from './tag-forms';

export const metadata: Metadata = { title: 'Tags' };

export default async function TagsSettingsPage() {
  const agent = await requireAgent();
  if (!canManageTags(agent)) return <AccessDenied />;
  const tags = listTagsWithCounts();
  return (
    <>
      <PageHeader title="Tags" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        Agents add tags on a ticket’s page, picking an existing tag or creating one as they type. Here administrators rename, merge and
        delete them; every ticket with the tag changes at once.
      </p>
      {tags.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">No tags yet.</p>
        </Card>
      ) : (
        <ul aria-label="Tags" className="max-w-4xl space-y-4">
          {tags.map((tag) => (
            <li key={tag.id}>
              <Card>
                <h2 className="mb-3 flex flex-wrap items-baseline gap-3 text-base font-semibold">
                  {tag.name}
                  <Link href={`/tickets?tag=${encodeURIComponent(tag.name)}`} className="text-sm font-normal text-indigo-700 hover:underline">
                    {tag.ticketCount} {tag.ticketCount === 1 ? 'ticket' : 'tickets'}
                  </Link>
                </h2>
                <TagRowForms tag={tag} others={tags.filter((other) => other.id !== tag.id)} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
