import type { Metadata } from 'next';
import { Card, ErrorAlert, PageHeader } from '@/app/_components/ui';
import { hasTwoFactor, mustSetUpTwoFactor } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { EmailChangeForm, PasswordForm, ProfileForm } from './profile-forms';
import { countUnusedRecoveryCodes, RECOVERY_CODE_COUNT, twoFactorSetupFor } from '@/lib/auth/two-factor';
import { getSettings } from '@/lib/core/settings';
import { SignOutEverywhereForm } from './sign-out-everywhere';
import { BeginTwoFactorSetupForm, ConfirmTwoFactorSetupForm, DisableTwoFactorForm } from './two-factor-forms';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  // The one page an agent who must still set up two-factor sign-in may open.
  const agent = await requireAgent({ twoFactorSetup: true });
  const required = mustSetUpTwoFactor(agent, getSettings());
  return (
    <>
      <PageHeader title="Your account" />
      {required ? (
        <ErrorAlert message="Your team requires two-factor sign-in. Set it up below to continue working in Parley." />
      ) : null}
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
        <Card className="lg:col-span-2">
          <h2 className="mb-1 text-lg font-semibold">Two-factor sign-in</h2>
          <TwoFactorSection agent={agent} />
        </Card>
      </div>
    </>
  );
}

async function TwoFactorSection({ agent }: { agent: Awaited<ReturnType<typeof requireAgent>> }) {
  if (hasTwoFactor(agent)) {
    const left = countUnusedRecoveryCodes(agent.id);
    return (
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          On: signing in asks for a code from your authenticator app after your password. {left} of {RECOVERY_CODE_COUNT} recovery
          codes are unused.
        </p>
        <DisableTwoFactorForm />
      </div>
    );
  }
  const setup = await twoFactorSetupFor(agent);
  if (!setup) {
    return (
      <div className="space-y-4 text-sm text-slate-700">
        <p>Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a password alone is not enough.</p>
        <BeginTwoFactorSetupForm />
      </div>
    );
  }
  return (
    <div className="grid gap-6 text-sm text-slate-700 md:grid-cols-[auto_1fr]">
      {/* eslint-disable-next-line @next/next/no-img-element -- an SVG data URL made on the server */}
      <img src={setup.qrCode} alt="QR code to scan with your authenticator app" width={192} height={192} className="rounded border border-slate-200" />
      <div className="space-y-3">
        <p>1. Scan the QR code with your authenticator app (Google Authenticator, 1Password, Authy, …).</p>
        <div>
          <label htmlFor="two-factor-setup-key" className="block text-sm font-medium text-slate-800">
            Or enter this setup key by hand
          </label>
          <input
            id="two-factor-setup-key"
            readOnly
            value={setup.secret}
            className="mt-1 w-full select-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-slate-900"
          />
        </div>
        <p>2. Enter the code the app shows to turn it on.</p>
        <ConfirmTwoFactorSetupForm />
      </div>
    </div>
  );
}
