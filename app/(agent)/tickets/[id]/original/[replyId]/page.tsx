import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OriginalMessage } from '@/app/_components/original-message';
import { AccessDenied, BackLink, PageHeader } from '@/app/_components/ui';
import { AppError } from '@/lib/core/errors';
import { getReplyOriginal } from '@/lib/mail/inbound/admin';
import { requireAgent } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Original email' };

export default async function ReplyOriginalPage({ params }: { params: Promise<{ id: string; replyId: string }> }) {
  const agent = await requireAgent();
  const { id, replyId } = await params;
  const ticketId = Number(id);
  const reply = Number(replyId);
  if (!Number.isInteger(reply) || reply <= 0) notFound();
  let original: { raw: string; ticketId: number };
  try {
    original = getReplyOriginal({ agent, replyId: reply });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    if (error instanceof AppError && error.code === 'forbidden') return <AccessDenied />;
    throw error;
  }
  if (original.ticketId !== ticketId) notFound();
  return (
    <>
      <BackLink href={`/tickets/${ticketId}`} label="Ticket" />
      <PageHeader title="Original email" />
      <OriginalMessage raw={original.raw} />
    </>
  );
}
