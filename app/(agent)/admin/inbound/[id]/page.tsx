import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OriginalMessage } from '@/app/_components/original-message';
import { AccessDenied, BackLink, PageHeader } from '@/app/_components/ui';
import { AppError } from '@/lib/core/errors';
import { getInboundOriginal } from '@/lib/mail/inbound/admin';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Inbound message' };

export default async function InboundOriginalPage({ params }: { params: Promise<{ id: string }> }) {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let raw: string;
  try {
    raw = getInboundOriginal({ agent, id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  return (
    <>
      <BackLink href="/admin/inbound" label="Inbound mail" />
      <PageHeader title={`Inbound message #${id}`} />
      <OriginalMessage raw={raw} />
    </>
  );
}
