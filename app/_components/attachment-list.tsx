import type { AttachmentView } from '@/lib/attachments/access';
import { formatBytes } from '@/lib/files/limits';

// The files of one reply in the conversation (agent page and personal page): images as thumbnails that open full
// size, other files as icon + name + size; a removed file leaves "Attachment removed" in its place.

function FileIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 shrink-0 text-slate-500" fill="currentColor">
      <path d="M4 2a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7.414A2 2 0 0 0 17.414 6L14 2.586A2 2 0 0 0 12.586 2H4Zm7 1.5V7h3.5L11 3.5Z" />
    </svg>
  );
}

export function AttachmentList({
  attachments,
  removeButton,
}: {
  attachments: AttachmentView[] | undefined;
  /** Shown beside each file for those who may remove it (admins). */
  removeButton?: (attachment: AttachmentView) => React.ReactNode;
}) {
  if (!attachments?.length) return null;
  return (
    <ul aria-label="Attachments" className="mt-3 flex flex-wrap gap-3">
      {attachments.map((attachment) =>
        attachment.removed ? (
          <li key={attachment.id} className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500 italic">
            Attachment removed
          </li>
        ) : (
          <li key={attachment.id} className="max-w-xs rounded-md border border-slate-200 bg-white p-2 text-sm">
            {attachment.isImage ? (
              <a href={attachment.url} target="_blank" rel="noopener noreferrer" className="mb-2 block" aria-label={`Open ${attachment.filename} full size`}>
                {/* A plain img: the file is served by an authorising route, which next/image cannot fetch on its own. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={attachment.url} alt={attachment.filename} loading="lazy" className="max-h-40 max-w-full rounded object-contain" />
              </a>
            ) : null}
            <div className="flex items-center gap-2">
              {attachment.isImage ? null : <FileIcon />}
              <a href={`${attachment.url}?download=1`} download={attachment.filename} className="break-all text-indigo-700 hover:underline">
                {attachment.filename}
              </a>
              <span className="shrink-0 text-xs text-slate-500">{formatBytes(attachment.size)}</span>
              {removeButton?.(attachment)}
            </div>
          </li>
        ),
      )}
    </ul>
  );
}
