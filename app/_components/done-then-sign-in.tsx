'use client';

import Link from 'next/link';
import { FormMessages } from '@/app/_components/ui';

/** What a signed-out page shows once its link did its work (a confirmed address, an accepted invitation). */
export function DoneThenSignIn({ messages }: { messages: React.ComponentProps<typeof FormMessages> }) {
  return (
    <div className="space-y-4">
      <FormMessages {...messages} />
      <Link href="/login" className="font-medium text-indigo-700 underline">
        Sign in
      </Link>
    </div>
  );
}
