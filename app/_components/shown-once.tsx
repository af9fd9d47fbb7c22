'use client';

import { useState } from 'react';
import { Button } from '@/app/_components/ui';

/** A secret visible this one time (an API token, a webhook's signing secret): selectable, with a Copy button. */
export function ShownOnceBox({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      <p className="font-medium">{label}</p>
      <p>Copy it now: it is shown only once and cannot be recovered.</p>
      <code className="block select-all break-all rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-slate-900">{value}</code>
      <Button
        type="button"
        variant="secondary"
        onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? 'Copied' : copyLabel}
      </Button>
    </div>
  );
}
