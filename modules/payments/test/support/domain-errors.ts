import { DomainError } from '@brigade/kernel';
import { expect } from 'vitest';

/** The DomainError a promise rejects with (the test fails if it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** The DomainError `run` throws (the test fails if it returns or throws something else). */
export function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}
