// One formatter for the whole process: `toLocaleString` with options builds a new Intl.DateTimeFormat on every call,
// which made dates the costliest part of rendering a ticket list.
const shown = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** A moment shown the same way everywhere, with the exact time for machines and assistive tech. */
export function DateTime({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{shown.format(value)}</time>;
}
