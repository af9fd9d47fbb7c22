'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Dialog } from '@/app/_components/dialog';
import { Button, Checkbox } from '@/app/_components/ui';

/** The reply card's id: the shortcuts find its message box and "Private note" checkbox inside it. */
export const replyCardId = 'reply-card';

const OFF_KEY = 'parley:shortcuts-off';

// Single-key shortcuts can be turned off (WCAG 2.1.4): speech-input users would set them off by saying words.
function readOff(): boolean {
  try {
    return localStorage.getItem(OFF_KEY) === '1';
  } catch {
    return false;
  }
}

function writeOff(off: boolean): void {
  try {
    if (off) localStorage.setItem(OFF_KEY, '1');
    else localStorage.removeItem(OFF_KEY);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** Typing here must not trigger a shortcut: text fields, selects, editable content, and widgets with their own letter keys. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(target.type);
  return target.closest('[role="menu"], [role="listbox"], [role="combobox"], dialog') !== null;
}

/** Goes to the reply box as a public reply (`note` false) or a private note. */
function focusReply(note: boolean): void {
  const card = document.getElementById(replyCardId);
  const box = card?.querySelector<HTMLTextAreaElement>('textarea[name="message"]');
  const privateNote = card?.querySelector<HTMLInputElement>('input[name="private"]');
  if (!box) return;
  // A click, so the form's own handler switches between "Reply" and "Note".
  if (privateNote && privateNote.checked !== note) privateNote.click();
  box.scrollIntoView({ block: 'center' });
  box.focus();
}

const shortcuts: { keys: string; does: string }[] = [
  { keys: 'r', does: 'Write a reply' },
  { keys: 'n', does: 'Write a private note' },
  { keys: 'j', does: 'Next ticket in the list you came from' },
  { keys: '?', does: 'Show these shortcuts' },
];

/**
 * The ticket page's keyboard shortcuts (listed above) and their help dialog, opened with `?` or the "Keyboard
 * shortcuts" button. They never fire while typing in a field, with Ctrl/Alt/⌘ held, or while a dialog is open, and
 * can be turned off in the dialog (kept in this browser).
 */
export function TicketShortcuts({ nextHref }: { nextHref: string | null }) {
  const router = useRouter();
  const [helpOpen, setHelpOpen] = useState(false);
  const [off, setOff] = useState(false);
  const [note, setNote] = useState('');

  useEffect(() => setOff(readOff()), []);

  useEffect(() => {
    if (off) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const act: Record<string, () => void> = {
        r: () => focusReply(false),
        n: () => focusReply(true),
        j: () => {
          if (nextHref) router.push(nextHref);
          else setNote('This is the last ticket in the list.');
        },
        '?': () => setHelpOpen(true),
      };
      const run = act[event.key];
      if (!run) return;
      event.preventDefault();
      setNote('');
      run();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [off, nextHref, router]);

  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setHelpOpen(true)}>
        Keyboard shortcuts
      </Button>
      <p role="status" className={note ? 'text-sm text-slate-700' : 'sr-only'}>
        {note}
      </p>
      <Dialog open={helpOpen} onClose={() => setHelpOpen(false)} title="Keyboard shortcuts">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Keyboard shortcuts of the ticket page</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Key
              </th>
              <th scope="col" className="py-1 font-medium">
                Does
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shortcuts.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td className="py-1.5 pr-4">
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono">{shortcut.keys}</kbd>
                </td>
                <td className="py-1.5">{shortcut.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-slate-600">They do nothing while you type in a field. Escape closes this dialog.</p>
        <Checkbox
          label="Use single-key shortcuts"
          name="shortcuts"
          checked={!off}
          onChange={(event) => {
            const nowOff = !event.currentTarget.checked;
            setOff(nowOff);
            writeOff(nowOff);
          }}
          hint="Kept in this browser. The Keyboard shortcuts button opens this list either way."
        />
        <div className="flex justify-end">
          <Button type="button" variant="secondary" data-autofocus onClick={() => setHelpOpen(false)}>
            Close
          </Button>
        </div>
      </Dialog>
    </>
  );
}
