import 'server-only';
import type { z } from 'zod';
import type { Agent } from '@/db/schema';
import { AppError, validationError } from '@/lib/errors';
import { requireAgentForAction } from '@/lib/session';

/** What every form's server action returns to `useActionState`. */
export type ActionState = {
  ok?: boolean;
  error?: string;
  fields?: Record<string, string>;
  message?: string;
  // Anything the form shows after success, such as a token displayed once.
  data?: Record<string, string | number | null>;
};

type ActionFn<S extends z.ZodType> = (data: z.infer<S>, formData: FormData) => Promise<ActionState | void> | ActionState | void;

function toState(error: unknown): ActionState {
  if (error instanceof AppError) return { error: error.message, fields: error.fields };
  throw error; // redirects, notFound and real failures propagate
}

/** Parses the form with `schema`, runs `fn`, and turns AppErrors into form state. */
export function validatedAction<S extends z.ZodType>(schema: S, fn: ActionFn<S>) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return toState(validationError(parsed.error.issues));
    try {
      return (await fn(parsed.data, formData)) ?? { ok: true };
    } catch (error) {
      return toState(error);
    }
  };
}

/** validatedAction for signed-in agents: the session is checked inside the action itself. */
export function agentAction<S extends z.ZodType>(
  schema: S,
  fn: (data: z.infer<S>, agent: Agent, formData: FormData) => Promise<ActionState | void> | ActionState | void,
) {
  return validatedAction(schema, async (data, formData) => fn(data, await requireAgentForAction(), formData));
}
