'use client';

import { useState } from 'react';
import { AttachmentPicker } from '@/app/_components/attachment-picker';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Checkbox, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import { addTagAction, snoozeAction, removeTagAction, replyAction } from '../actions';
import { insertIntoReply, useReplyDraft } from './reply-draft';
import { SavedReplyPicker } from './saved-reply-picker';
import type { ReplyBoxPeople } from '@/lib/tickets/audience';
import { ReplyRecipients } from './reply-recipients';

export function ReplyForm({
  ticketId,
  maxAttachmentBytes,
  signature,
  recipients,
}: {
  ticketId: number;
  maxAttachmentBytes: number;
  signature: string;
  // Who may be addressed; the box then says who receives the reply and offers side replies.
  recipients?: ReplyBoxPeople;
}) {
  const { state, pending, formProps, messages } = useFormAction(replyAction, { resetOnSuccess: true });
  const [note, setNote] = useState(false);
  useReplyDraft(formProps.ref, ticketId, state);
  return (
    <form {...formProps} className="space-y-3" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <SavedReplyPicker ticketId={ticketId} onInsert={(text) => insertIntoReply(formProps.ref.current, text)} />
      <TextArea label={note ? 'Note' : 'Reply'} name="message" error={state.fields?.message} rows={6} required />
      <AttachmentPicker uploadUrl="/api/uploads" maxBytes={maxAttachmentBytes} />
      {note || !recipients ? null : <ReplyRecipients people={recipients} error={state.fields?.to} />}
      {note ? null : (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">Signature{signature ? '' : ' (none)'}</summary>
          <div className="mt-2">
            <TextArea
              label="Signature"
              name="signature"
              defaultValue={signature}
              rows={3}
              hint="Added below the reply in its emails. Your usual signature is set on your account page."
              error={state.fields?.signature}
            />
          </div>
        </details>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Checkbox
          label="Private note"
          name="private"
          aria-describedby="private-note-hint"
          onChange={(event) => setNote(event.currentTarget.checked)}
        />
        <div className="flex flex-wrap gap-2">
          {note ? null : (
            <>
              <Button type="submit" name="then" value="hold" variant="secondary" pending={pending}>
                Send &amp; put on hold
              </Button>
              <Button type="submit" name="then" value="closed" variant="secondary" pending={pending}>
                Send &amp; close
              </Button>
            </>
          )}
          <Button type="submit" pending={pending}>
            {note ? 'Add note' : 'Send reply'}
          </Button>
        </div>
      </div>
      <p id="private-note-hint" className="text-xs text-slate-500">
        A private note is seen only by agents; the customer and participants never see it.
      </p>
    </form>
  );
}

/** "Snooze until": on hold until then, when it reopens by itself and the assignee is told. */
export function SnoozeForm({ ticketId, timeZone }: { ticketId: number; timeZone: string }) {
  const { state, pending, formProps, messages } = useFormAction(snoozeAction);
  return (
    <form {...formProps} className="space-y-2" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <TextField label="Snooze until" name="until" type="datetime-local" error={state.fields?.until} hint={`On hold until then (${timeZone}); it reopens by itself and the assignee is emailed.`} />
      <Button type="submit" variant="secondary" pending={pending}>
        Snooze
      </Button>
    </form>
  );
}

/** The ticket's tags, each removable, and a field to add one: it suggests existing tags as you type and creates new ones. */
export function TagsForm({ ticketId, tags, allTags }: { ticketId: number; tags: string[]; allTags: string[] }) {
  const add = useFormAction(addTagAction, { resetOnSuccess: true });
  const remove = useFormAction(removeTagAction);
  const listId = `tag-suggestions-${ticketId}`;
  return (
    <div className="space-y-2">
      <h2 id="tags-heading" className="text-sm font-medium text-slate-800">
        Tags
      </h2>
      <form {...remove.formProps} noValidate>
        <FormMessages {...remove.messages} />
        <input type="hidden" name="ticketId" value={ticketId} />
        {tags.length === 0 ? (
          <p className="text-sm text-slate-600">No tags yet.</p>
        ) : (
          <ul aria-labelledby="tags-heading" className="flex flex-wrap gap-2">
            {tags.map((tag) => (
              <li key={tag} className="inline-flex items-center gap-1 rounded bg-slate-100 py-0.5 pl-2 pr-1 text-sm text-slate-800">
                {tag}
                <button
                  type="submit"
                  name="tag"
                  value={tag}
                  aria-label={`Remove tag ${tag}`}
                  className="rounded px-1 text-slate-600 hover:bg-slate-200 hover:text-slate-900"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </form>
      <form {...add.formProps} className="space-y-2" noValidate>
        <FormMessages {...add.messages} />
        <input type="hidden" name="ticketId" value={ticketId} />
        <TextField
          label="Add tag"
          name="tag"
          list={listId}
          autoComplete="off"
          error={add.state.fields?.tag}
          hint="Pick an existing tag or type a new one: letters, digits, “-”, “_” or “.”, no spaces."
        />
        <datalist id={listId}>
          {allTags
            .filter((tag) => !tags.includes(tag))
            .map((tag) => (
              <option key={tag} value={tag} />
            ))}
        </datalist>
        <Button type="submit" variant="secondary" pending={add.pending}>
          Add tag
        </Button>
      </form>
    </div>
  );
}
