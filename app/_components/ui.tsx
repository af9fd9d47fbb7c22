import Link from 'next/link';

// Small shared building blocks so every form looks and behaves the same (labels, errors, focus).

export function PageHeader({ title, children }: { title: React.ReactNode; children?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {children ? <div className="flex flex-wrap items-center gap-2">{children}</div> : null}
    </div>
  );
}

export function Card({ children, className = '', ...props }: React.HTMLAttributes<HTMLElement>) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`} {...props}>
      {children}
    </section>
  );
}

const buttonStyles = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300 aria-disabled:bg-indigo-400',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400 aria-disabled:text-slate-500',
  danger: 'border border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:text-red-300 aria-disabled:text-red-500',
} as const;

/**
 * A button. `pending` marks a submit button whose form is being sent: it stays focusable (aria-disabled, not
 * disabled, so focus is not dropped) and useFormAction ignores further submits until the answer arrives.
 */
export function Button({
  variant = 'primary',
  className = '',
  pending,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof buttonStyles; pending?: boolean }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium disabled:cursor-not-allowed aria-disabled:cursor-wait ${buttonStyles[variant]} ${className}`}
      aria-disabled={pending || undefined}
      {...props}
    />
  );
}

export function ButtonLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className={`inline-flex items-center rounded-md px-3 py-2 text-sm font-medium ${buttonStyles.secondary}`}>
      {children}
    </Link>
  );
}

// Control borders are slate-500 (4.8:1 on white): WCAG 1.4.11 asks 3:1 for the boundary of a control.
const inputClass =
  'mt-1 block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-1 focus:ring-indigo-600 aria-[invalid=true]:border-red-600';

type FieldProps = { label: string; name: string; error?: string; hint?: React.ReactNode };

/** The ids a control is described by: any it was given, its hint and its error. */
function describedBy(id: string, { hint, error, given }: { hint?: React.ReactNode; error?: string; given?: string }) {
  const ids = [given, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return ids || undefined;
}

/** Marks a control invalid and ties its hint and error to it (aria-describedby); the error's id is `${id}-error`. */
const controlAttributes = (id: string, { hint, error, given }: { hint?: React.ReactNode; error?: string; given?: string }) => ({
  'aria-describedby': describedBy(id, { hint, error, given }),
  ...(error ? { 'aria-invalid': true } : {}),
});

/** The label above a control and its hint and error below it. */
function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  name,
  error,
  hint,
  'aria-describedby': given,
  ...props
}: FieldProps & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = props.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input id={id} name={name} className={inputClass} {...props} {...controlAttributes(id, { hint, error, given })} />
    </Field>
  );
}

export function TextArea({
  label,
  name,
  error,
  hint,
  'aria-describedby': given,
  ...props
}: FieldProps & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = props.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <textarea id={id} name={name} rows={5} className={inputClass} {...props} {...controlAttributes(id, { hint, error, given })} />
    </Field>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  'aria-describedby': given,
  ...props
}: FieldProps & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const id = props.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <select id={id} name={name} className={inputClass} {...props} {...controlAttributes(id, { hint, error, given })}>
        {children}
      </select>
    </Field>
  );
}

export function Checkbox({
  label,
  name,
  hint,
  'aria-describedby': given,
  ...props
}: { label: string; name: string; hint?: React.ReactNode } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = props.id ?? `field-${name}`;
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="checkbox"
          className="h-4 w-4 rounded border-slate-500 accent-indigo-600"
          {...props}
          aria-describedby={describedBy(id, { hint, given })}
        />
        <label htmlFor={id} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="ml-6 mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Errors are announced: role="alert". The region stays in the page and only its text changes, so screen readers
 * announce every new message (a region that appears together with its text may be missed).
 */
export function ErrorAlert({ message, id }: { message?: string | null; id?: string }) {
  return (
    <div id={id} role="alert" className={message ? 'mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800' : undefined}>
      {message}
    </div>
  );
}

/** Confirmations are announced politely (role="status"); like ErrorAlert, the region stays and its text changes. */
export function SuccessNote({ message, id }: { message?: string | null; id?: string }) {
  return (
    <div
      id={id}
      role="status"
      tabIndex={id ? -1 : undefined}
      className={message ? 'mb-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800' : undefined}
    >
      {message}
    </div>
  );
}

/** A form's error and confirmation regions, from useFormAction's `messages`; focus lands on the confirmation after success. */
export function FormMessages({ id, error, status }: { id: string; error?: string; status?: string }) {
  // display: contents, so the two regions add no gap to the form's spacing while they are empty.
  return (
    <div className="contents">
      <ErrorAlert id={`${id}-error`} message={error} />
      <SuccessNote id={`${id}-status`} message={status} />
    </div>
  );
}

export function Badge({ children, tone = 'slate' }: { children: React.ReactNode; tone?: 'slate' | 'amber' | 'indigo' | 'emerald' | 'red' | 'sky' }) {
  const tones = {
    sky: 'bg-sky-100 text-sky-800',
    slate: 'bg-slate-100 text-slate-700',
    amber: 'bg-amber-100 text-amber-800',
    indigo: 'bg-indigo-100 text-indigo-800',
    emerald: 'bg-emerald-100 text-emerald-800',
    red: 'bg-red-100 text-red-800',
  };
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

export function AccessDenied() {
  return (
    <Card>
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p role="alert" className="mt-2 text-sm text-slate-700">
        Only administrators can open this page.
      </p>
    </Card>
  );
}

/** Previous/next links of a paged list; with `totalCapped` the count stopped early, so there may be more pages. */
export function Pagination({
  page,
  total,
  totalCapped = false,
  pageSize,
  hrefFor,
}: {
  page: number;
  total: number;
  totalCapped?: boolean;
  pageSize: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && !totalCapped) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center gap-3 text-sm">
      {page > 1 ? <Link href={hrefFor(page - 1)}>Previous page</Link> : null}
      <span>
        Page {page} of {pages}
        {totalCapped ? '+' : ''}
      </span>
      {page < pages || totalCapped ? <Link href={hrefFor(page + 1)}>Next page</Link> : null}
    </nav>
  );
}

/** A link back to the list a page belongs to, above its header: "← Tickets". */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <p className="mb-2 text-sm">
      <Link href={href} className="text-indigo-700 hover:underline">
        {`← ${label}`}
      </Link>
    </p>
  );
}

type Column = string | { label: React.ReactNode; className?: string };

/**
 * A data table: one header cell per column, the rows as children (`<tr>` of `<Td>`).
 * When `empty` is given (a note such as "No tickets yet.") it stands in for the table.
 */
export function Table({
  columns,
  caption,
  empty,
  children,
}: {
  columns: Column[];
  caption?: string;
  empty?: React.ReactNode;
  children: React.ReactNode;
}) {
  if (empty) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    // relative: the table contains its sr-only labels (absolutely positioned), so a table scrolling inside its card
    // cannot make the whole page scroll sideways on a narrow screen.
    <table className="relative w-full text-left text-sm">
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <thead className="border-b border-slate-200 text-slate-600">
        <tr>
          {columns.map((column, index) => {
            const { label, className = '' } = typeof column === 'string' ? { label: column } : column;
            return (
              <th key={index} scope="col" className={`px-2 py-2 font-medium ${className}`}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}

export function Td({ className = '', ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-2 py-2 ${className}`} {...props} />;
}

/** The first Tab stop of every page: jumps past the header and navigation to <Main>. */
export function SkipLink() {
  return (
    <a
      href="#main-content"
      className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:border focus:border-indigo-600 focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-700 focus:shadow"
    >
      Skip to main content
    </a>
  );
}

/** The page's main landmark, the target of SkipLink (focusable from script only, so the skip moves focus here). */
export function Main({ className = '', children }: { className?: string; children: React.ReactNode }) {
  return (
    <main id="main-content" tabIndex={-1} className={`focus:outline-none ${className}`}>
      {children}
    </main>
  );
}
