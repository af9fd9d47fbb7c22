import { AppError } from '@/lib/core/errors';

/** The AppError `fn` throws (sync or async); fails the test when it throws something else or nothing. */
export async function appErrorFrom(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('Expected an AppError, but nothing was thrown.');
}
