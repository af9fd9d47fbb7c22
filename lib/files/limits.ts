// Attachment limits and how they are worded; shared by the server and the browser's file picker.

/** At most this many files on one reply (or one new ticket's first message). */
export const ATTACHMENTS_PER_REPLY = 10;

/** "20 MB", "1.5 MB", "900 KB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

export const tooLargeMessage = (filename: string, maxBytes: number) =>
  `“${filename}” is larger than the ${formatBytes(maxBytes)} limit per file. Nothing was sent.`;

export const tooManyFilesMessage = () => `At most ${ATTACHMENTS_PER_REPLY} files can be attached to one message. Nothing was sent.`;
