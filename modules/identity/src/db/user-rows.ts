import { isUniqueViolation, type Tx } from '@brigade/db';
import { newId, type Role } from '@brigade/kernel';
import { and, eq, ne, type SQL } from 'drizzle-orm';
import { identityErrors as fail } from '../contract/errors.js';
import type { User } from '../contract/schemas.js';
import { type UserRow, users } from './tables.js';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    role: row.role,
    username: row.username,
    email: row.email,
    phone: row.phone,
    display_name: row.displayName,
    email_verified: row.emailVerified,
    is_active: row.isActive,
    must_change_password: row.mustChangePassword,
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export const emailTaken = () =>
  fail('email_taken', 'That e-mail address is already used by another account.', {
    errors: [{ field: 'email', message: 'already taken' }],
  });

/** Turns a unique-index violation on users into the conflict the caller can act on. */
export function identifierTaken(error: unknown): never {
  if (
    isUniqueViolation(error, 'users_staff_email_key') ||
    isUniqueViolation(error, 'users_customer_email_key')
  ) {
    throw emailTaken();
  }
  if (isUniqueViolation(error, 'users_username_key')) {
    throw fail('username_taken', 'That username is already used in this restaurant.', {
      errors: [{ field: 'username', message: 'already taken' }],
    });
  }
  if (isUniqueViolation(error, 'users_customer_phone_key')) {
    throw fail('phone_taken', 'That phone number is already used by another customer.', {
      errors: [{ field: 'phone', message: 'already taken' }],
    });
  }
  throw error;
}

/** The account a sign-in names: staff by e-mail anywhere, anyone by username within a restaurant. */
export async function findForLogin(
  tx: Tx,
  by: { email?: string | undefined; username?: string | undefined; tenantId: string | null },
): Promise<UserRow | undefined> {
  let where: SQL | undefined;
  if (by.email) {
    where = by.tenantId
      ? and(eq(users.email, by.email), eq(users.tenantId, by.tenantId))
      : and(eq(users.email, by.email), ne(users.role, 'customer'));
  } else if (by.username) {
    where = and(
      eq(users.username, by.username),
      by.tenantId ? eq(users.tenantId, by.tenantId) : eq(users.role, 'platform_admin'),
    );
  }
  if (!where) return undefined;
  const rows = await tx.select().from(users).where(where).limit(2);
  // Staff e-mail is unique platform-wide; a customer with the same e-mail in this restaurant is the other match.
  return rows.find((row) => row.role !== 'customer') ?? rows[0];
}

export interface NewUser {
  tenantId: string | null;
  role: Role;
  displayName: string;
  username?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  passwordHash?: string | null;
  emailVerified?: boolean;
}

/** Inserts an active user at version 1; unique-index violations are the caller's to map. */
export async function insertUser(tx: Tx, user: NewUser, now: Date): Promise<UserRow> {
  const [row] = await tx
    .insert(users)
    .values({
      id: newId(),
      tenantId: user.tenantId,
      role: user.role,
      username: user.username ?? null,
      email: user.email ?? null,
      phone: user.phone ?? null,
      displayName: user.displayName,
      passwordHash: user.passwordHash ?? null,
      mustChangePassword: false,
      emailVerified: user.emailVerified ?? false,
      isActive: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}
