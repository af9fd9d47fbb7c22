import 'server-only';
import { ZodError, type z } from 'zod';
import type { Agent } from '@/db/schema';
import { AppError, isFieldSummary, validationError } from '@/lib/core/errors';
import { requireAgentForAction } from '@/lib/auth/session';

/** What every form's server action returns to `useActionState`. */
export type ActionState = {
  ok?: boolean;
  /** A problem that belongs to no field of the form, shown above it (role="alert"). */
  error?: string;
  /** One sentence per invalid field, keyed by the field's name, shown next to it. */
  fields?: Record<string, string>;
  message?: string;
  /** The id of the element that shows the result (the new reply, the added row); focus moves there after success. */
  focus?: string;
  // Anything the form shows after success, such as a token displayed once.
  data?: Record<string, string | number | null>;
};

/**
 * The fields a form shows, keyed as the domain names them in its errors (`customer.email`): the visible label,
 * what to ask for when the field is left empty ("Write a reply."), and the form's own name for the field when it
 * differs. Errors of fields listed here become sentences next to them; anything else is said above the form.
 */
export type FormFields = Record<string, { label: string; missing?: string; name?: string }>;

/** A domain problem ("is required", "must be at most 80 characters") as a sentence about the labelled field. */
export function fieldSentence(field: FormFields[string], problem: string): string {
  if (/^[A-Z].*\.$/.test(problem)) return problem; // already a sentence ("Unknown tag {x}. Available tags: …")
  if (problem === 'is required') return field.missing ?? `${field.label} is required.`;
  // zod's own wording, for limits a schema left without a message: "Too big: expected string to have <=120 characters".
  const limit = /([<>])=?(\d+) characters/.exec(problem);
  if (limit) return `${field.label} must be at ${limit[1] === '<' ? 'most' : 'least'} ${limit[2]} characters.`;
  const predicate = /^[a-z]/.test(problem) ? problem : 'is not valid';
  return `${field.label} ${predicate}.`;
}

/** Turns an AppError into form state: field problems go next to their fields, said once; the rest above the form. */
export function formErrorState(error: AppError, fields: FormFields = {}): ActionState {
  const problems = Object.entries(error.fields ?? {});
  const labelled = problems.filter(([key]) => fields[key]);
  const unlabelled = problems.filter(([key]) => !fields[key]);
  const sentences = (list: typeof problems) => list.map(([key, problem]) => fieldSentence({ label: humanize(key) }, problem)).join(' ');
  if (labelled.length === 0) return { error: isFieldSummary(error) ? sentences(problems) : error.message };

  const state: ActionState = { fields: {} };
  labelled.forEach(([key, problem], index) => {
    const name = fields[key].name ?? key;
    // A rule's own message ("… is this ticket’s customer and already has access.") says it best for the field it names.
    const ownMessage = !isFieldSummary(error) && index === 0 && !/^[A-Z]/.test(problem);
    state.fields![name] ??= ownMessage ? error.message : fieldSentence(fields[key], problem);
  });
  if (isFieldSummary(error) && unlabelled.length > 0) state.error = sentences(unlabelled);
  return state;
}

/** "customer.email" → "Customer email", for a field a form forgot to label. */
const humanize = (key: string) => {
  const words = key.replace(/\./g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

type ActionFn<S extends z.ZodType> = (data: z.infer<S>, formData: FormData) => Promise<ActionState | void> | ActionState | void;

function toState(error: unknown, fields?: FormFields): ActionState {
  if (error instanceof AppError) return formErrorState(error, fields);
  throw error; // redirects, notFound and real failures propagate
}

/** Parses the form with `schema`, runs `fn`, and turns AppErrors into form state using the form's `fields`. */
export function validatedAction<S extends z.ZodType>(schema: S, fn: ActionFn<S>, fields?: FormFields) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return toState(validationError(parsed.error.issues), fields);
    try {
      return (await fn(parsed.data, formData)) ?? { ok: true };
    } catch (error) {
      return toState(error, fields);
    }
  };
}

/** validatedAction for signed-in agents: the session is checked inside the action itself. */
export function agentAction<S extends z.ZodType>(
  schema: S,
  fn: (data: z.infer<S>, agent: Agent, formData: FormData) => Promise<ActionState | void> | ActionState | void,
  fields?: FormFields,
) {
  return validatedAction(schema, async (data, formData) => fn(data, await requireAgentForAction(), formData), fields);
}

/**
 * agentAction for the agent's own account page: also open to an agent who must first set up the two-factor sign-in
 * the team requires (setting it up, signing out everywhere).
 */
export function accountAction<S extends z.ZodType>(
  schema: S,
  fn: (data: z.infer<S>, agent: Agent, formData: FormData) => Promise<ActionState | void> | ActionState | void,
  fields?: FormFields,
) {
  return validatedAction(schema, async (data, formData) => fn(data, await requireAgentForAction({ twoFactorSetup: true }), formData), fields);
}

/**
 * For actions that answer data rather than form state ("Show older replies"): a refusal or bad argument comes back
 * as `{ error }` instead of being thrown, which Next answers with a 500. Redirects and real failures still propagate.
 */
export async function refusalAsError<T>(fn: () => Promise<T> | T): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ZodError) return { error: validationError(error.issues).message };
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
