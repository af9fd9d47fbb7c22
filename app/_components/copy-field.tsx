'use client';

import { useEffect, useState } from 'react';
import { Button, TextField } from '@/app/_components/ui';

/** A read-only value (a personal link) with a Copy button that says when it worked. */
export function CopyField({
  label,
  copyLabel,
  name,
  value,
  hint,
}: {
  label: string;
  // The button's accessible name, e.g. "Copy the customer’s link"; it must not contain `label`, which names the field.
  copyLabel: string;
  name: string;
  value: string;
  hint?: string;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 3000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard access (permissions, an old browser): the field stays selectable by hand.
      setCopied('failed');
    }
  }

  return (
    <div>
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <TextField label={label} name={name} hint={hint} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        </div>
        <Button type="button" variant="secondary" aria-label={copyLabel} onClick={copy}>
          Copy
        </Button>
      </div>
      {/* The hint belongs to the field (aria-describedby); this live region only says how copying went. */}
      <p role="status" className="mt-1 text-xs text-slate-500">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy; select the link and copy it by hand.' : null}
      </p>
    </div>
  );
}
