'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages } from '@/app/_components/ui';
import { addCcCandidateAction, dismissCcCandidateAction } from '../cc-actions';

/** Add or Dismiss one Cc'd person: one click each (a dismissed person can be Cc'd and listed again). */
export function CcCandidateButtons({ ticketId, candidateId, label }: { ticketId: number; candidateId: number; label: string }) {
  const add = useFormAction(addCcCandidateAction);
  const dismiss = useFormAction(dismissCcCandidateAction);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        <form {...add.formProps}>
          <input type="hidden" name="ticketId" value={ticketId} />
          <input type="hidden" name="candidateId" value={candidateId} />
          <Button type="submit" pending={add.pending} aria-label={`Add ${label}`}>
            Add
          </Button>
        </form>
        <form {...dismiss.formProps}>
          <input type="hidden" name="ticketId" value={ticketId} />
          <input type="hidden" name="candidateId" value={candidateId} />
          <Button type="submit" variant="secondary" pending={dismiss.pending} aria-label={`Dismiss ${label}`}>
            Dismiss
          </Button>
        </form>
      </div>
      <FormMessages {...add.messages} />
      <FormMessages {...dismiss.messages} />
    </div>
  );
}
