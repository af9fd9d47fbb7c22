const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  // A service Parley depends on failed; the caller should try again later.
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

/** The one error type the domain throws; routes turn it into a response, actions into form state. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusByCode[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status });
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError('forbidden', message);

const fieldSummaryPrefix = 'Invalid fields — ';

/** Whether the error is validationError's summary (so its fields hold problems, not the message's own sentence). */
export const isFieldSummary = (error: AppError) => error.code === 'validation_failed' && error.message.startsWith(fieldSummaryPrefix);

/** Turns a zod error into a 422 naming each invalid field. */
export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'body';
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return new AppError('validation_failed', `${fieldSummaryPrefix}${summary}`, fields);
}
