import 'server-only';
import { z } from 'zod';
import { validationError } from '@/lib/core/errors';

// What a new password must be (every place one is set: creating an agent, an admin's reset, the CLI, the first admin
// from ADMIN_PASSWORD): long enough, not the account's own email, and not one of the passwords people pick most.

export const MIN_PASSWORD_LENGTH = 10;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'must be at most 200 characters');

// A local part this short ("al@…") is left to the equality check: refusing every password containing it would
// refuse most passwords.
const MIN_LOCAL_PART_TO_MATCH = 4;

// The ~49,000 most common passwords of the zxcvbn-ts project's list, loaded on first use (only setting a password
// needs them), lower-cased.
let commonPasswords: Promise<Set<string>> | undefined;
const loadCommonPasswords = () =>
  (commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())),
  ));

/** Why this password may not be set for the account with this email, or null when it may. */
export async function passwordProblem(password: string, email: string): Promise<string | null> {
  const length = passwordSchema.safeParse(password);
  if (!length.success) return length.error.issues[0].message;
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0];
  if (lower.includes(address) || lower === localPart || (localPart.length >= MIN_LOCAL_PART_TO_MATCH && lower.includes(localPart))) {
    return 'must not contain the account’s email address or the name before its @';
  }
  if ((await loadCommonPasswords()).has(lower)) return 'is one of the most common passwords; choose another';
  return null;
}

/** Throws a 422 naming the `password` field when the password may not be set for this account. */
export async function assertPasswordAllowed(password: string, email: string): Promise<void> {
  const problem = await passwordProblem(password, email);
  if (problem) throw validationError([{ path: ['password'], message: problem }]);
}
