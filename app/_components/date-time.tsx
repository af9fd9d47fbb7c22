/** A moment shown the same way everywhere, with the exact time for machines and assistive tech. */
export function DateTime({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{value.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}
