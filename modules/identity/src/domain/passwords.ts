import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const argon2Parameters = {
  // Algorithm.Argon2id: the package's enum is `const` and cannot be read under verbatimModuleSyntax.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const currentPrefix = `$argon2id$v=19$m=${argon2Parameters.memoryCost},t=${argon2Parameters.timeCost},p=${argon2Parameters.parallelism}$`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Parameters);
}

/** True when a stored hash was made with other parameters and should be replaced at next sign-in. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(currentPrefix);
}

// Verified against when the account is unknown or has no password, so that a failure costs
// the same time whatever its cause (no user enumeration by timing).
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const target = stored ?? (await decoy);
  const matches = await verify(target, password).catch(() => false);
  return stored !== null && matches;
}

/** A temporary password for an administrator's reset: 20 characters from 120 random bits. */
export function temporaryPassword(): string {
  return randomBytes(15).toString('base64url');
}
