import type { Metadata } from 'next';
import { AccessDenied, PageHeader } from '@/app/_components/ui';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { ServiceLevelsForm } from './service-levels-form';

export const metadata: Metadata = { title: 'Service levels' };

export default async function ServiceLevelsPage() {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  return (
    <>
      <PageHeader title="Service levels" />
      <ServiceLevelsForm levels={getSettings().serviceLevels} timeZones={Intl.supportedValuesOf('timeZone')} />
    </>
  );
}
