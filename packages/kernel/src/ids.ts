import { v7, validate } from 'uuid';

/** A new UUIDv7: time-ordered, so primary-key indexes stay append-mostly. */
export function newId(): string {
  return v7();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && validate(value);
}
