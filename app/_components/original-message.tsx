import { Card } from '@/app/_components/ui';

/** An email exactly as it arrived, headers and all, shown as text (never rendered as HTML). */
export function OriginalMessage({ raw }: { raw: string }) {
  return (
    <Card className="overflow-x-auto">
      <h2 className="mb-2 text-lg font-semibold">Original message</h2>
      <pre className="whitespace-pre-wrap break-words font-mono text-xs text-slate-800">{raw}</pre>
    </Card>
  );
}
