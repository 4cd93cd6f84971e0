import { contextTx, type Database, type Tx } from '@brigade/db';
import { type Clock, type RequestContext, systemContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { eq } from 'drizzle-orm';
import type { AccountStatus } from './account-status.js';
import type { AuditTrail } from './audit.js';
import { identityErrors as fail } from './contract/errors.js';
import { identityEvents } from './contract/events.js';
import {
  changePasswordSchema,
  type Login,
  loginSchema,
  type Signup,
  signupSchema,
  type TokenInfo,
  type TokenResponse,
  type User,
} from './contract/schemas.js';
import { type UserRow, users } from './db/tables.js';
import { emailTaken, findForLogin, identifierTaken, insertUser, toUser } from './db/user-rows.js';
import { KeyedMutex } from './domain/keyed-mutex.js';
import type { LoginThrottle } from './domain/login-throttle.js';
import { hashPassword, needsRehash, verifyPassword } from './domain/passwords.js';
import type { TenantStatus } from './tenant-status.js';
import type { AccessTokens } from './tokens/access-tokens.js';
import type { RefreshTokens } from './tokens/refresh-tokens.js';

export interface SessionsDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  audit: AuditTrail;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  throttle: LoginThrottle;
  tenantStatus: TenantStatus;
  tenants: () => TenantsService;
  accountStatus: AccountStatus;
  signupEnabled: boolean;
}

const defaultTax = {
  prices_include_tax: false,
  default_category: 'standard',
  rates: [{ category: 'standard', name: 'Tax', rate_bps: 0 }],
};

const badCredentials = () => fail('invalid_credentials', 'The sign-in details are not correct.');
const locked = (seconds: number) =>
  fail('login_locked', 'Too many failed attempts; try again later.', {
    details: { retry_after_seconds: seconds },
  });

/**
 * Sign-up, sign-in and sessions: passwords checked in constant time, failures counted per
 * identifier, refresh tokens rotated, every outcome in the audit trail.
 */
export function createSessions(deps: SessionsDeps) {
  const { db, clock, audit, accessTokens, refreshTokens, throttle, tenantStatus } = deps;
  const signingIn = new KeyedMutex();

  /** Fails unless the account may sign in now: active, and its restaurant too. */
  async function assertMaySignIn(user: UserRow) {
    if (!user.isActive) throw fail('account_disabled', 'This account is disabled.');
    if (user.tenantId && !(await tenantStatus.isActive(user.tenantId))) {
      throw fail('restaurant_inactive', 'This restaurant is deactivated.');
    }
  }

  async function tokensFor(user: UserRow, refreshToken: string): Promise<TokenResponse> {
    const access = await accessTokens.issue({
      id: user.id,
      tenantId: user.tenantId,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
    });
    return {
      access_token: access.token,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      user: toUser(user),
    };
  }

  /** Starts a session for a user who has proven who they are (password, OTP or provider). */
  async function startSession(tx: Tx, user: UserRow): Promise<{ user: UserRow; refreshToken: string }> {
    const [updated] = await tx
      .update(users)
      .set({ lastLoginAt: clock.now() })
      .where(eq(users.id, user.id))
      .returning();
    return { user: updated!, refreshToken: await refreshTokens.issue(tx, user) };
  }

  async function currentUser(ctx: RequestContext): Promise<User> {
    const id = ctx.actor.kind === 'user' ? ctx.actor.id : null;
    const [row] = id ? await contextTx(db, ctx, (tx) => tx.select().from(users).where(eq(users.id, id))) : [];
    if (!row) throw fail('user_not_found', 'Only a signed-in user has a profile.');
    return toUser(row);
  }

  async function resolveTenant(input: { tenant_id?: string | undefined; restaurant?: string | undefined }) {
    if (input.tenant_id) return input.tenant_id;
    if (input.restaurant) return (await tenantStatus.bySlug(input.restaurant))?.id ?? 'unknown';
    return null;
  }

  return {
    startSession,
    tokensFor,
    assertMaySignIn,

    async login(ctx: RequestContext, input: Login): Promise<TokenResponse> {
      const body = loginSchema.parse(input);
      const tenantId = await resolveTenant(body);
      const identifier = body.email ?? body.username!;
      // A staff e-mail is one account wherever the sign-in says it is; a username is one per restaurant.
      const key = body.email
        ? throttle.key('login', body.email)
        : throttle.key('login', tenantId, body.username);
      // One attempt per identifier at a time in this process, so that concurrent sign-ins of
      // one account are checked in turn instead of crowding the failure budget.
      const session = await signingIn.run(key, async () => {
        const { attempt, user } = await db.platformTx(async (tx) => ({
          attempt: await throttle.attempt(tx, key),
          user:
            tenantId === 'unknown'
              ? undefined
              : await findForLogin(tx, { email: body.email, username: body.username, tenantId }),
        }));
        if (!('number' in attempt)) throw locked(attempt.lockedFor);
        const valid = await verifyPassword(user?.passwordHash ?? null, body.password);
        if (!valid || !user) {
          await db.platformTx(async (tx) => {
            const lockedNow = await throttle.failed(tx, key, attempt);
            const entry = {
              tenantId: user?.tenantId ?? null,
              subjectId: user?.id ?? null,
              // An unknown identifier may be a password typed in the wrong field: keep only a hint of it.
              details: { identifier: user ? identifier : maskIdentifier(identifier) },
            };
            await audit.record(tx, ctx, { ...entry, action: 'login_failed' });
            if (lockedNow) await audit.record(tx, ctx, { ...entry, action: 'account_locked' });
          });
          throw badCredentials();
        }
        try {
          await assertMaySignIn(user);
        } catch (error) {
          await db.platformTx((tx) => throttle.clear(tx, key));
          throw error;
        }
        const rehash = needsRehash(user.passwordHash!) ? await hashPassword(body.password) : null;
        return db.platformTx(async (tx) => {
          await throttle.clear(tx, key);
          if (rehash) await tx.update(users).set({ passwordHash: rehash }).where(eq(users.id, user.id));
          await audit.record(tx, ctx, {
            action: 'login_succeeded',
            tenantId: user.tenantId,
            subjectId: user.id,
            details: { method: 'password' },
          });
          return startSession(tx, user);
        });
      });
      return tokensFor(session.user, session.refreshToken);
    },

    async refresh(ctx: RequestContext, refreshToken: string): Promise<TokenResponse> {
      const rotation = await db.platformTx(async (tx) => {
        const result = await refreshTokens.rotate(tx, refreshToken);
        if (result.outcome === 'reused') {
          await audit.record(tx, ctx, {
            action: 'refresh_token_reused',
            tenantId: result.tenantId,
            subjectId: result.userId,
            details: { family_id: result.familyId },
          });
        }
        if (result.outcome !== 'rotated') return { result, user: undefined };
        const [user] = await tx.select().from(users).where(eq(users.id, result.userId));
        return { result, user };
      });
      const { result, user } = rotation;
      if (result.outcome !== 'rotated' || !user) {
        throw fail('invalid_refresh_token', 'The refresh token is invalid, expired or revoked.');
      }
      try {
        await assertMaySignIn(user);
      } catch (error) {
        await db.platformTx((tx) => refreshTokens.revokeFamily(tx, result.familyId, 'account_locked_out'));
        throw error;
      }
      return tokensFor(user, result.token);
    },

    /** Ends the session of `refresh_token`, or every session of the caller with `all`. */
    /**
     * Ends the session of `refresh_token`; with `all`, every session of the user — named by a
     * valid access token or by a still-usable refresh token, else 401 (never a false 204).
     */
    async logout(ctx: RequestContext, input: { refresh_token?: string | undefined; all?: boolean }) {
      await db.platformTx(async (tx) => {
        const ended = input.refresh_token
          ? await refreshTokens.revokeByToken(tx, input.refresh_token, 'logout')
          : null;
        const signedIn =
          ctx.actor.kind === 'user' && ctx.actor.id ? { userId: ctx.actor.id, tenantId: ctx.tenantId } : null;
        const subject = signedIn ?? ended;
        if (input.all) {
          const everyone = signedIn ?? (ended?.live ? ended : null);
          if (!everyone)
            throw fail('invalid_token', 'Sign in (or send a current refresh token) to end every session.');
          await refreshTokens.revokeUser(tx, everyone.userId, 'logout_all');
        }
        if (subject) {
          await audit.record(tx, ctx, {
            action: 'logout',
            tenantId: subject.tenantId,
            subjectId: subject.userId,
            details: { all: input.all === true },
          });
        }
      });
    },

    async validateToken(token: string): Promise<TokenInfo> {
      try {
        const { must_change_password: _restricted, ...claims } = await accessTokens.verify(token);
        if (claims.tenant_id && !(await tenantStatus.isActive(claims.tenant_id))) return { active: false };
        if (!(await deps.accountStatus.holds(claims.sub, claims.role))) return { active: false };
        return { active: true, ...claims };
      } catch {
        return { active: false };
      }
    },

    me: currentUser,

    async changePassword(ctx: RequestContext, input: { current_password: string; new_password: string }) {
      const body = changePasswordSchema.parse(input);
      const me = await currentUser(ctx);
      const key = throttle.key('password', me.id);
      const { attempt, row } = await db.platformTx(async (tx) => ({
        attempt: await throttle.attempt(tx, key),
        row: (await tx.select().from(users).where(eq(users.id, me.id)))[0],
      }));
      if (!('number' in attempt)) throw locked(attempt.lockedFor);
      if (!(await verifyPassword(row?.passwordHash ?? null, body.current_password))) {
        await db.platformTx((tx) => throttle.failed(tx, key, attempt));
        throw fail('invalid_credentials', 'The current password is not correct.', {
          errors: [{ field: 'current_password', message: 'not correct' }],
        });
      }
      await db.platformTx((tx) => throttle.clear(tx, key));
      assertAcceptablePassword(body.new_password, me);
      const passwordHash = await hashPassword(body.new_password);
      await contextTx(db, ctx, async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, mustChangePassword: false, updatedAt: clock.now() })
          .where(eq(users.id, me.id));
        await refreshTokens.revokeUser(tx, me.id, 'password_changed');
        await audit.record(tx, ctx, { action: 'password_changed', tenantId: me.tenant_id, subjectId: me.id });
      });
    },

    /** Self-serve: a restaurant and its owner in one step (the restaurant is discarded if the owner fails). */
    async signup(ctx: RequestContext, input: Signup): Promise<TokenResponse> {
      if (!deps.signupEnabled) throw fail('signup_disabled', 'Self-serve sign-up is turned off here.');
      const body = signupSchema.parse(input);
      assertAcceptablePassword(body.owner.password, {
        email: body.owner.email,
        username: body.owner.username ?? null,
      });
      const taken = await db.platformTx((tx) =>
        findForLogin(tx, { email: body.owner.email, tenantId: null }),
      );
      if (taken) throw emailTaken();
      const passwordHash = await hashPassword(body.owner.password);
      const restaurant = await deps.tenants().createRestaurant(systemContext(null, ctx.correlationId), {
        ...body.restaurant,
        tax: body.restaurant.tax ?? defaultTax,
      });
      tenantStatus.forget(restaurant.id);
      const ownerCtx: RequestContext = { ...ctx, tenantId: restaurant.id };
      let session: { user: UserRow; refreshToken: string };
      try {
        session = await db.tenantTx(restaurant.id, async (tx) => {
          const owner = await insertUser(
            tx,
            {
              tenantId: restaurant.id,
              role: 'owner',
              username: body.owner.username,
              email: body.owner.email,
              displayName: body.owner.display_name,
              passwordHash,
            },
            clock.now(),
          );
          await deps.publish(tx, ownerCtx, identityEvents.userCreated, {
            user_id: owner.id,
            role: 'owner',
            display_name: owner.displayName,
          });
          await audit.record(tx, ownerCtx, {
            action: 'signup',
            tenantId: restaurant.id,
            subjectId: owner.id,
            details: { restaurant_slug: restaurant.slug },
          });
          return startSession(tx, owner);
        });
      } catch (error) {
        await deps.tenants().discardRestaurant(systemContext(null, ctx.correlationId), { id: restaurant.id });
        tenantStatus.forget(restaurant.id);
        identifierTaken(error);
      }
      return tokensFor(session.user, session.refreshToken);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

function maskIdentifier(identifier: string): string {
  const at = identifier.indexOf('@');
  return `${identifier.slice(0, 2)}…${at > 0 ? identifier.slice(at) : ''}`;
}

/** Beyond length: not the account's own identifier (ASVS 5 §6.2). */
export function assertAcceptablePassword(
  password: string,
  user: { email: string | null; username: string | null },
) {
  const lowered = password.toLowerCase();
  const identifiers = [user.email, user.email?.split('@')[0], user.username].filter(
    (value): value is string => Boolean(value),
  );
  if (identifiers.some((identifier) => lowered === identifier.toLowerCase())) {
    throw fail('weak_password', 'The password must not be the account name or e-mail.', {
      errors: [{ field: 'password', message: 'must not be the account name or e-mail' }],
    });
  }
}
