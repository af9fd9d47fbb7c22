'use client';

import { useState } from 'react';
import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import { createSavedReplyAction, deleteSavedReplyAction, updateSavedReplyAction } from './actions';

type SavedReplyFields = { id: number; title: string; body: string };

/** The title and text of a saved reply: a new one (no `reply`) or an existing one. */
export function SavedReplyForm({ reply, onDone }: { reply?: SavedReplyFields; onDone?: () => void }) {
  const { state, pending, formProps, messages } = useFormAction(reply ? updateSavedReplyAction : createSavedReplyAction, {
    resetOnSuccess: !reply,
  });
  const prefix = reply ? `saved-reply-${reply.id}` : 'new-saved-reply';
  return (
    <form {...formProps} className="space-y-3" noValidate>
      <FormMessages {...messages} />
      {reply ? <input type="hidden" name="id" value={reply.id} /> : null}
      <TextField id={`${prefix}-title`} label="Title" name="title" defaultValue={reply?.title} error={state.fields?.title} autoComplete="off" required />
      <TextArea id={`${prefix}-body`} label="Text" name="body" defaultValue={reply?.body} error={state.fields?.body} rows={6} required />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          {reply ? 'Save changes' : 'Add saved reply'}
        </Button>
        {onDone ? (
          <Button type="button" variant="secondary" onClick={onDone}>
            Close
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** One saved reply in the list: its text, and Edit / Delete for those who may. */
export function SavedReplyItem({ reply, canEdit, byline }: { reply: SavedReplyFields; canEdit: boolean; byline: string }) {
  const [editing, setEditing] = useState(false);
  const deletion = useFormAction(deleteSavedReplyAction);
  return (
    <article aria-label={reply.title} className="space-y-2 py-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">{reply.title}</h3>
        {canEdit && !editing ? (
          <div className="flex flex-wrap items-start gap-2">
            <Button type="button" variant="secondary" aria-label={`Edit ${reply.title}`} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <ConfirmedForm
              openLabel="Delete"
              openAriaLabel={`Delete ${reply.title}`}
              question={`Delete the saved reply “${reply.title}” for the whole team?`}
              confirmLabel="Yes, delete"
              formProps={deletion.formProps}
              pending={deletion.pending}
              messages={deletion.messages}
            >
              <input type="hidden" name="id" value={reply.id} />
            </ConfirmedForm>
          </div>
        ) : null}
      </header>
      {editing ? (
        <SavedReplyForm reply={reply} onDone={() => setEditing(false)} />
      ) : (
        <p className="whitespace-pre-wrap text-sm text-slate-800">{reply.body}</p>
      )}
      <p className="text-xs text-slate-500">{byline}</p>
    </article>
  );
}
