import { Button, TextField } from '@/app/_components/ui';

/** A GET search box for list pages; the query lands in `?q=` and the list starts again at page 1. */
export function SearchForm({ label, q }: { label: string; q: string }) {
  return (
    <form role="search" method="get" className="mb-4 flex items-end gap-2">
      <div className="w-full max-w-md">
        <TextField label={label} name="q" type="search" defaultValue={q} />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
