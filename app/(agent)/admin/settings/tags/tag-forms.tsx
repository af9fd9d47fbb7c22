'use client';

import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField, TextField } from '@/app/_components/ui';
import { deleteTagAction, mergeTagAction, renameTagAction } from './actions';

type TagRow = { id: number; name: string; ticketCount: number };

/** One tag: rename it, merge it into another, or delete it (the last two ask first: they change every ticket of it). */
export function TagRowForms({ tag, others }: { tag: TagRow; others: { id: number; name: string }[] }) {
  const rename = useFormAction(renameTagAction);
  const merge = useFormAction(mergeTagAction);
  const deletion = useFormAction(deleteTagAction);
  const prefix = `tag-${tag.id}`;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <form {...rename.formProps} className="space-y-2" noValidate>
        <FormMessages {...rename.messages} />
        <input type="hidden" name="tagId" value={tag.id} />
        <TextField id={`${prefix}-name`} label={`New name for ${tag.name}`} name="name" defaultValue={tag.name} autoComplete="off" error={rename.state.fields?.name} />
        <Button type="submit" variant="secondary" pending={rename.pending}>
          Rename
        </Button>
      </form>
      {others.length > 0 ? (
        <ConfirmedForm
          openLabel="Merge…"
          openAriaLabel={`Merge ${tag.name} into another tag`}
          question={`Merge ${tag.name} into the tag you choose? Its ${tag.ticketCount} tickets get that tag instead, and ${tag.name} is deleted.`}
          confirmLabel="Yes, merge"
          formProps={merge.formProps}
          pending={merge.pending}
          messages={merge.messages}
        >
          <input type="hidden" name="tagId" value={tag.id} />
          <SelectField id={`${prefix}-into`} label={`Merge ${tag.name} into`} name="intoTagId" defaultValue="" error={merge.state.fields?.intoTagId}>
            <option value="">Choose a tag</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name}
              </option>
            ))}
          </SelectField>
        </ConfirmedForm>
      ) : null}
      <ConfirmedForm
        openLabel="Delete…"
        openAriaLabel={`Delete tag ${tag.name}`}
        question={`Delete the tag ${tag.name}? It is taken off its ${tag.ticketCount} tickets.`}
        confirmLabel="Yes, delete"
        formProps={deletion.formProps}
        pending={deletion.pending}
        messages={deletion.messages}
      >
        <input type="hidden" name="tagId" value={tag.id} />
      </ConfirmedForm>
    </div>
  );
}
