import type { Metadata } from 'next';
import { SearchForm } from '@/app/_components/search-form';
import { Card, PageHeader } from '@/app/_components/ui';
import { listSavedReplies, savedReplyTagDescriptions } from '@/lib/tickets/saved-replies';
import { requireAgent } from '@/lib/auth/session';
import { SavedReplyForm, SavedReplyItem } from './saved-reply-forms';

export const metadata: Metadata = { title: 'Saved replies' };

export default async function SavedRepliesPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const agent = await requireAgent();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.trim().slice(0, 200) : '';
  const savedReplies = listSavedReplies({ agent, q });
  return (
    <>
      <PageHeader title="Saved replies" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div>
          <SearchForm label="Search saved replies" q={q} />
          <Card>
            <p className="text-sm text-slate-600">
              Shared with the whole team. Insert one from the reply box of any ticket; you can change what you wrote, and administrators can
              change or delete any.
            </p>
            {savedReplies.length === 0 ? (
              <p className="mt-4 text-sm text-slate-600">{q ? `No saved replies match “${q}”.` : 'No saved replies yet.'}</p>
            ) : (
              <div className="divide-y divide-slate-100">
                {savedReplies.map((reply) => (
                  <SavedReplyItem
                    key={reply.id}
                    reply={{ id: reply.id, title: reply.title, body: reply.body }}
                    canEdit={reply.canEdit}
                    byline={`Added by ${reply.createdByName ?? 'a former agent'}${
                      reply.updatedByName && reply.updatedAt.getTime() !== reply.createdAt.getTime() ? ` · last changed by ${reply.updatedByName}` : ''
                    }`}
                  />
                ))}
              </div>
            )}
          </Card>
        </div>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New saved reply</h2>
          <SavedReplyForm />
          <details className="mt-6 text-sm">
            <summary className="cursor-pointer font-medium text-slate-800">Available tags</summary>
            <p className="mt-2 text-slate-600">Filled in for the ticket when the reply is inserted.</p>
            <dl className="mt-2 space-y-1">
              {Object.entries(savedReplyTagDescriptions).map(([tag, description]) => (
                <div key={tag}>
                  <dt className="inline font-mono">{`{${tag}}`}</dt> <dd className="inline text-slate-600">— {description}</dd>
                </div>
              ))}
            </dl>
          </details>
        </Card>
      </div>
    </>
  );
}
