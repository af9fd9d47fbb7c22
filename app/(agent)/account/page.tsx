import type { Metadata } from 'next';
import { Card, PageHeader } from '@/app/_components/ui';
import { requireAgent } from '@/lib/auth/session';
import { EmailChangeForm, PasswordForm, ProfileForm } from './profile-forms';
import { SignOutEverywhereForm } from './sign-out-everywhere';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const agent = await requireAgent();
  return (
    <>
      <PageHeader title="Your account" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium text-slate-600">Name</dt>
            <dd>{agent.name}</dd>
            <dt className="font-medium text-slate-600">Email</dt>
            <dd>{agent.email}</dd>
            <dt className="font-medium text-slate-600">Role</dt>
            <dd>{agent.role === 'admin' ? 'Admin' : 'Agent'}</dd>
          </dl>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Profile</h2>
          <ProfileForm name={agent.name} signature={agent.signature} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Sign-in address</h2>
          <EmailChangeForm email={agent.email} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Password</h2>
          <PasswordForm />
        </Card>
        <Card>
          <h2 className="mb-1 text-lg font-semibold">Sessions</h2>
          <p className="mb-4 text-sm text-slate-600">
            Lost a device or signed in somewhere you should not stay signed in? This ends every session of yours at once, this one
            included. API tokens are not affected.
          </p>
          <SignOutEverywhereForm />
        </Card>
      </div>
    </>
  );
}
