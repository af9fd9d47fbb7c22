'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { ATTACHMENTS_PER_REPLY, formatBytes, tooLargeMessage } from '@/lib/files/limits';

// Files for a message: chosen with the picker, dropped onto the form, or pasted (a screenshot) into it. Each file is
// uploaded at once to `uploadUrl`, a route handler that streams it to disk (server actions would buffer it in memory),
// and the form then sends only the signed upload tickets (hidden `upload` fields). A file that cannot be sent is
// reported in `uploadProblem`, and the server refuses the whole message while one is listed.

type Item = {
  key: number;
  filename: string;
  size: number;
  status: 'uploading' | 'ready' | 'error';
  ticket?: string;
  error?: string;
};

let nextKey = 1;

/** Browsers name every pasted screenshot "image.png"; a dated name tells several apart. */
function pastedName(file: File): string {
  const stamp = new Date().toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  return `pasted-image-${stamp}-${nextKey}.${ext}`;
}

export function AttachmentPicker({ uploadUrl, maxBytes }: { uploadUrl: string; maxBytes: number }) {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const countRef = useRef(0);
  const id = useId();
  countRef.current = items.length;

  function update(key: number, change: Partial<Item>) {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }

  async function upload(key: number, file: File) {
    const body = new FormData();
    body.append('files', file, file.name);
    try {
      const response = await fetch(uploadUrl, { method: 'POST', body });
      const json = await response.json().catch(() => null);
      if (!response.ok) {
        update(key, { status: 'error', error: json?.error?.message ?? `“${file.name}” could not be uploaded (${response.status}).` });
        return;
      }
      update(key, { status: 'ready', ticket: json.files[0].ticket, filename: json.files[0].filename });
    } catch {
      update(key, { status: 'error', error: `“${file.name}” could not be uploaded: the connection failed.` });
    }
  }

  function addFiles(files: File[]) {
    const added: Item[] = [];
    for (const file of files) {
      const key = nextKey++;
      const item: Item = { key, filename: file.name, size: file.size, status: 'uploading' };
      if (countRef.current + added.length >= ATTACHMENTS_PER_REPLY) {
        item.status = 'error';
        item.error = `“${file.name}”: at most ${ATTACHMENTS_PER_REPLY} files can be attached to one message.`;
      } else if (file.size > maxBytes) {
        item.status = 'error';
        item.error = tooLargeMessage(file.name, maxBytes).replace(' Nothing was sent.', '');
      } else {
        void upload(key, file);
      }
      added.push(item);
    }
    setItems((list) => [...list, ...added]);
  }

  // Drop and paste work anywhere on the form; a reset (after sending) empties the list.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!form.contains(event.relatedTarget as Node | null)) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      addFiles(Array.from(event.dataTransfer?.files ?? []));
    };
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0) return;
      // A screenshot pastes as a file; text pasted alongside still goes into the text box.
      if (!event.clipboardData?.types.includes('text/plain')) event.preventDefault();
      addFiles(files.map((file) => (file.type.startsWith('image/') ? new File([file], pastedName(file), { type: file.type }) : file)));
    };
    const onReset = () => setItems([]);
    form.addEventListener('dragover', onDragOver);
    form.addEventListener('dragleave', onDragLeave);
    form.addEventListener('drop', onDrop);
    form.addEventListener('paste', onPaste);
    form.addEventListener('reset', onReset);
    return () => {
      form.removeEventListener('dragover', onDragOver);
      form.removeEventListener('dragleave', onDragLeave);
      form.removeEventListener('drop', onDrop);
      form.removeEventListener('paste', onPaste);
      form.removeEventListener('reset', onReset);
    };
    // addFiles only reads refs and props that stay the same for the life of the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const failed = items.find((item) => item.status === 'error');
  const uploading = items.find((item) => item.status === 'uploading');
  const problem = failed
    ? `${failed.error} Remove it to send your message.`
    : uploading
      ? `“${uploading.filename}” is still uploading. Wait a moment and send again.`
      : '';

  return (
    <div className={`rounded-md border border-dashed p-3 ${dragging ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300'}`}>
      <div className="flex flex-wrap items-center gap-3">
        {/* The input comes first so its label can show keyboard focus (peer-focus-visible). */}
        <input
          ref={inputRef}
          id={`${id}-files`}
          type="file"
          multiple
          className="peer sr-only"
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            addFiles(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
        <label
          htmlFor={`${id}-files`}
          className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500"
        >
          Attach files
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {dragging ? 'Drop the files to attach them.' : `Or drop files here, or paste a screenshot. Up to ${ATTACHMENTS_PER_REPLY} files, ${formatBytes(maxBytes)} each.`}
        </p>
      </div>
      {items.length > 0 ? (
        <ul aria-label="Files to send" className="mt-3 space-y-1">
          {items.map((item) => (
            <li key={item.key} className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium break-all">{item.filename}</span>
              <span className="text-slate-500">{formatBytes(item.size)}</span>
              {item.status === 'uploading' ? <span className="text-slate-500">uploading…</span> : null}
              {item.status === 'ready' ? <span className="text-emerald-700">ready</span> : null}
              <button
                type="button"
                className="ml-auto rounded px-2 py-0.5 text-sm text-red-700 hover:bg-red-50"
                aria-label={`Remove ${item.filename}`}
                onClick={() => setItems((list) => list.filter((other) => other.key !== item.key))}
              >
                Remove
              </button>
              {item.error ? (
                <p role="alert" className="w-full text-sm text-red-700">
                  {item.error}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {items.map((item) => (item.ticket ? <input key={item.key} type="hidden" name="upload" value={item.ticket} /> : null))}
      <input type="hidden" name="uploadProblem" value={problem} />
    </div>
  );
}
