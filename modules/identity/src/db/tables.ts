import type { Role } from '@brigade/kernel';
import { boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const identitySchema = pgSchema('identity');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = identitySchema.table('users', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id'),
  role: text('role').$type<Role>().notNull(),
  username: text('username'),
  email: text('email'),
  phone: text('phone'),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  mustChangePassword: boolean('must_change_password').notNull(),
  emailVerified: boolean('email_verified').notNull(),
  isActive: boolean('is_active').notNull(),
  lastLoginAt: at('last_login_at'),
  version: integer('version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type UserRow = typeof users.$inferSelect;

export const socialIdentities = identitySchema.table('social_identities', {
  tenantId: uuid('tenant_id'),
  userId: uuid('user_id').notNull(),
  provider: text('provider').notNull(),
  subject: text('subject').notNull(),
  email: text('email'),
  createdAt: at('created_at').notNull(),
});

export const refreshTokens = identitySchema.table('refresh_tokens', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id'),
  userId: uuid('user_id').notNull(),
  familyId: uuid('family_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').notNull(),
  idleExpiresAt: at('idle_expires_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  rotatedAt: at('rotated_at'),
  revokedAt: at('revoked_at'),
  revokedReason: text('revoked_reason'),
});
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

export const loginFailures = identitySchema.table('login_failures', {
  identifierHash: text('identifier_hash').primaryKey(),
  tenantId: uuid('tenant_id'),
  failures: integer('failures').notNull(),
  windowStartedAt: at('window_started_at').notNull(),
  lockedUntil: at('locked_until'),
});

export const apiKeys = identitySchema.table('api_keys', {
  id: text('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  secretHash: text('secret_hash').notNull(),
  permissions: text('permissions').array().notNull(),
  createdBy: uuid('created_by'),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at'),
  revokedAt: at('revoked_at'),
  lastUsedAt: at('last_used_at'),
});
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const signingKeys = identitySchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  tenantId: uuid('tenant_id'),
  alg: text('alg').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateJwkEncrypted: text('private_jwk_encrypted').notNull(),
  createdAt: at('created_at').notNull(),
  retiredAt: at('retired_at'),
});
export type SigningKeyRow = typeof signingKeys.$inferSelect;

export const auditLog = identitySchema.table('audit_log', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id'),
  occurredAt: at('occurred_at').notNull(),
  action: text('action').notNull(),
  actorKind: text('actor_kind').notNull(),
  actorId: text('actor_id'),
  subjectId: text('subject_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
});
export type AuditRow = typeof auditLog.$inferSelect;
