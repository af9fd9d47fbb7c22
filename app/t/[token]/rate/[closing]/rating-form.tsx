'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextArea } from '@/app/_components/ui';
import type { RatingValue } from '@/db/schema';
import { rateTicketAction } from '../../actions';

const choices: { value: RatingValue; label: string }[] = [
  { value: 'good', label: 'Good' },
  { value: 'bad', label: 'Not good' },
];

/** The answer (preselected from the email's link) and an optional comment; sending it records the rating. */
export function RatingForm({ token, closing, rating, comment, changing }: { token: string; closing: string; rating: RatingValue | null; comment: string; changing: boolean }) {
  const { state, pending, formProps, messages } = useFormAction(rateTicketAction);
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="closing" value={closing} />
      <fieldset aria-describedby={state.fields?.rating ? 'rating-error' : undefined}>
        <legend className="text-sm font-medium">Your answer</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {choices.map((choice) => (
            <label key={choice.value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="rating" value={choice.value} defaultChecked={rating === choice.value} className="h-4 w-4" />
              {choice.label}
            </label>
          ))}
        </div>
        {state.fields?.rating ? (
          <p id="rating-error" role="alert" className="mt-1 text-sm text-red-700">
            {state.fields.rating}
          </p>
        ) : null}
      </fieldset>
      <TextArea label="Comment (optional)" name="comment" rows={4} defaultValue={comment} error={state.fields?.comment} />
      <Button type="submit" pending={pending}>
        {changing ? 'Change my rating' : 'Send my rating'}
      </Button>
    </form>
  );
}
