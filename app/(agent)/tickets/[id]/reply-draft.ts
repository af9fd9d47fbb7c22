'use client';

import { useEffect } from 'react';

// Unsent reply text survives a reload: it is kept in this browser's localStorage, one entry per ticket, written as
// the agent types and removed once the reply is sent. Nothing of it reaches the server before "Send".

const draftKey = (ticketId: number) => `parley:reply-draft:${ticketId}`;

/** The draft kept for a ticket ('' when none, or when storage is unavailable). */
export function readDraft(ticketId: number): string {
  try {
    return localStorage.getItem(draftKey(ticketId)) ?? '';
  } catch {
    return '';
  }
}

// When the agent last typed in each ticket's reply box (this tab only).
const typedAt = new Map<number, number>();
const WRITING_PAUSE_MS = 2 * 60_000;

/** The agent is writing a reply: a draft exists and they typed in it within the last two minutes. */
export function isWritingReply(ticketId: number): boolean {
  return readDraft(ticketId).trim() !== '' && Date.now() - (typedAt.get(ticketId) ?? 0) < WRITING_PAUSE_MS;
}

function writeDraft(ticketId: number, text: string): void {
  typedAt.set(ticketId, Date.now());
  try {
    if (text.trim() === '') localStorage.removeItem(draftKey(ticketId));
    else localStorage.setItem(draftKey(ticketId), text);
  } catch {
    // Private mode or a full quota: the draft simply is not kept.
  }
}

const messageBox = (form: HTMLFormElement | null) => form?.elements.namedItem('message') as HTMLTextAreaElement | null;

/** Restores the ticket's draft into the form's `message` box, keeps it as the agent types, forgets it once sent. */
export function useReplyDraft(formRef: React.RefObject<HTMLFormElement | null>, ticketId: number, result: { ok?: boolean }): void {
  useEffect(() => {
    const box = messageBox(formRef.current);
    if (!box) return;
    const draft = readDraft(ticketId);
    if (draft && box.value === '') box.value = draft;
    const save = () => writeDraft(ticketId, box.value);
    box.addEventListener('input', save);
    return () => box.removeEventListener('input', save);
  }, [formRef, ticketId]);

  // Each send returns a new result object, so every successful one clears the draft.
  useEffect(() => {
    if (result.ok) writeDraft(ticketId, '');
  }, [result, ticketId]);
}

/** Puts `text` into the form's `message` box at the cursor (replacing any selection), as if typed. */
export function insertIntoReply(form: HTMLFormElement | null, text: string): void {
  const box = messageBox(form);
  if (!box) return;
  const separator = box.value && box.selectionStart === box.value.length && !box.value.endsWith('\n') ? '\n\n' : '';
  box.setRangeText(separator + text, box.selectionStart, box.selectionEnd, 'end');
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.focus();
}
