'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, SelectField } from '@/app/_components/ui';
import { setParticipantViewAction } from './participant-view-actions';

/** "Sees the whole conversation" or "Sees only what is sent to them" (the contractor case), for one participant. */
export function ParticipantViewForm({ ticketId, participantId, email, view }: { ticketId: number; participantId: number; email: string; view: 'everything' | 'addressed' }) {
  const { pending, formProps, messages } = useFormAction(setParticipantViewAction);
  return (
    <form {...formProps} className="flex flex-wrap items-end gap-2" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="participantId" value={participantId} />
      {/* Keyed by the stored value, so the select shows it again after every save. */}
      <SelectField key={view} id={`participant-view-${participantId}`} label={`What ${email} sees`} name="view" defaultValue={view}>
        <option value="everything">The whole conversation</option>
        <option value="addressed">Only what is sent to them</option>
      </SelectField>
      <Button type="submit" variant="secondary" pending={pending}>
        Save
      </Button>
    </form>
  );
}
