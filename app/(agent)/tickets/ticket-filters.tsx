'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { priorityLabels, statusLabels } from '@/lib/tickets/statuses';
import { SelectField, TextField } from '@/app/_components/ui';
import { ticketPriorities, ticketStatuses } from '@/db/schema';

const SEARCH_PAUSE_MS = 300;

/**
 * The ticket list's filters. Each change applies at once by replacing the address (so the URL stays shareable and
 * Back leaves the list); typing in the search box applies after a short pause. Without JavaScript the form still
 * submits as a plain GET.
 */
export function TicketFilters({
  status,
  assignee,
  priority,
  tag,
  allTags,
  sort,
  q,
  hintId,
}: {
  status: string;
  assignee: string;
  priority: string;
  tag: string;
  allTags: string[];
  sort: string;
  q: string;
  hintId: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(q);
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  /** The address of what the form shows now (read from the form, so quick successive changes all count). */
  function apply() {
    clearTimeout(timer.current);
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(formRef.current!)) {
      const text = String(value).trim();
      if (text !== '' && !(key === 'assignee' && text === 'any') && !(key === 'sort' && text === 'activity')) next.set(key, text);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form
      ref={formRef}
      role="search"
      method="get"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <SelectField label="Status" name="status" defaultValue={status} onChange={apply}>
        <option value="">All</option>
        {ticketStatuses.map((value) => (
          <option key={value} value={value}>
            {statusLabels[value]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Assignee" name="assignee" defaultValue={assignee} onChange={apply}>
        <option value="any">Anyone</option>
        <option value="mine">Mine</option>
        <option value="unassigned">Unassigned</option>
      </SelectField>
      <SelectField label="Priority" name="priority" defaultValue={priority} onChange={apply}>
        <option value="">Any</option>
        {ticketPriorities.map((value) => (
          <option key={value} value={value}>
            {priorityLabels[value]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Tag" name="tag" defaultValue={tag} onChange={apply}>
        <option value="">Any</option>
        {/* A tag in the address that no longer exists stays selectable, so the list can say so. */}
        {[...(tag && !allTags.includes(tag) ? [tag] : []), ...allTags].map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Sort by" name="sort" defaultValue={sort} onChange={apply}>
        <option value="activity">Last activity</option>
        <option value="created">Newest created</option>
        <option value="due">Due soonest (tickets with a target running)</option>
        <option value="priority">Priority</option>
      </SelectField>
      <div className="w-full max-w-sm">
        <TextField
          label="Search tickets"
          name="q"
          type="search"
          value={text}
          aria-describedby={hintId}
          onChange={(event) => {
            setText(event.currentTarget.value);
            clearTimeout(timer.current);
            timer.current = setTimeout(apply, SEARCH_PAUSE_MS);
          }}
        />
      </div>
    </form>
  );
}
