'use client';

import Link from 'next/link';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button } from '@/app/_components/ui';
import { dismissProfilePromptAction } from './account/actions';

/** Asked once of the first admin, whom `npm start` created with a placeholder name: customers read that name. */
export function ProfilePrompt({ name, email }: { name: string; email: string }) {
  const { pending, formProps } = useFormAction(dismissProfilePromptAction);
  return (
    <section aria-labelledby="profile-prompt-title" className="mb-6 rounded-lg border border-indigo-200 bg-indigo-50 p-4 text-sm">
      <h2 id="profile-prompt-title" className="font-semibold text-indigo-900">
        Welcome! Tell people who you are
      </h2>
      <p className="mt-1 text-indigo-900">
        Customers see your replies from “{name}”, and emails for you go to {email}. Set your own name and the address you read.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Link href="/account" className="rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700">
          Set my name and address
        </Link>
        <form {...formProps}>
          <Button type="submit" variant="secondary" pending={pending}>
            Not now
          </Button>
        </form>
      </div>
    </section>
  );
}
