import type { Database, Tx } from '@brigade/db';
import type { Clock, RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, eq } from 'drizzle-orm';
import type { AuditTrail } from './audit.js';
import { identityErrors as fail } from './contract/errors.js';
import { identityEvents } from './contract/events.js';
import type { TokenResponse } from './contract/schemas.js';
import { socialIdentities, type UserRow, users } from './db/tables.js';
import { findForLogin, insertUser } from './db/user-rows.js';
import type { OtpChallenges } from './otp/otp-challenges.js';
import type { Sessions } from './sessions.service.js';
import type { LoginCallback, SocialIdentity, SocialLogin } from './social/oidc.js';
import type { TenantStatus } from './tenant-status.js';

export interface CustomerSignInDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  audit: AuditTrail;
  sessions: Sessions;
  tenantStatus: TenantStatus;
  otp: OtpChallenges;
  social: SocialLogin;
}

export interface RestaurantRef {
  tenant_id?: string | undefined;
  restaurant?: string | undefined;
}

/**
 * Sign-in without a password: customers by a one-time code sent to their phone (seed 003),
 * anyone by an OpenID Connect provider (seed 001 §6.6). A first sign-in creates the customer;
 * a provider identity is linked to an existing account only through a verified e-mail.
 */
export function createCustomerSignIn(deps: CustomerSignInDeps) {
  const { db, clock, audit, sessions, tenantStatus } = deps;

  /** The restaurant named by id or slug; it must exist and be active. */
  async function activeRestaurant(ref: RestaurantRef, required: true): Promise<string>;
  async function activeRestaurant(ref: RestaurantRef, required: false): Promise<string | null>;
  async function activeRestaurant(ref: RestaurantRef, required: boolean): Promise<string | null> {
    const restaurant = ref.tenant_id
      ? await tenantStatus.find(ref.tenant_id)
      : ref.restaurant
        ? await tenantStatus.bySlug(ref.restaurant)
        : null;
    if (!restaurant) {
      if (!required && !ref.tenant_id && !ref.restaurant) return null;
      if (!ref.tenant_id && !ref.restaurant) {
        throw fail('restaurant_required', 'Name the restaurant: tenant_id or restaurant (its slug).', {
          errors: [{ field: 'tenant_id', message: 'required' }],
        });
      }
      throw fail('restaurant_not_found', 'No such restaurant.');
    }
    if (!restaurant.is_active) throw fail('restaurant_inactive', 'This restaurant is deactivated.');
    return restaurant.id;
  }

  async function createCustomer(
    tx: Tx,
    ctx: RequestContext,
    tenantId: string,
    fields: { phone?: string; email?: string; displayName: string; emailVerified: boolean },
  ): Promise<UserRow> {
    const created = await insertUser(
      tx,
      {
        tenantId,
        role: 'customer',
        email: fields.email,
        phone: fields.phone,
        displayName: fields.displayName,
        emailVerified: fields.emailVerified,
      },
      clock.now(),
    );
    await deps.publish(
      tx,
      { ...ctx, tenantId },
      identityEvents.userCreated,
      { user_id: created.id, role: 'customer', display_name: created.displayName },
      { aggregateId: created.id, tenantId },
    );
    await audit.record(tx, ctx, {
      action: 'user_created',
      tenantId,
      subjectId: created.id,
      details: { role: 'customer', via: fields.phone ? 'otp' : 'social' },
    });
    return created;
  }

  /** The account a provider identity signs in to: linked before, or found by verified e-mail, or new. */
  async function accountFor(
    tx: Tx,
    ctx: RequestContext,
    identity: SocialIdentity,
    tenantId: string | null,
  ): Promise<UserRow> {
    const [linked] = await tx
      .select({ user: users })
      .from(socialIdentities)
      .innerJoin(users, eq(users.id, socialIdentities.userId))
      .where(
        and(eq(socialIdentities.provider, identity.provider), eq(socialIdentities.subject, identity.subject)),
      )
      .limit(1);
    if (linked && (tenantId === null || linked.user.tenantId === tenantId)) return linked.user;
    if (!identity.email || !identity.email_verified) {
      throw fail(
        'email_not_verified',
        'The provider did not vouch for an e-mail address; verify it there first.',
      );
    }
    const email = identity.email.toLowerCase();
    const existing = await findForLogin(tx, { email, tenantId });
    const user =
      existing ??
      (tenantId
        ? await createCustomer(tx, ctx, tenantId, {
            email,
            displayName: identity.name ?? email.split('@')[0]!,
            emailVerified: true,
          })
        : null);
    if (!user) {
      throw fail('restaurant_required', 'No account has that e-mail; sign up through a restaurant.');
    }
    await tx.insert(socialIdentities).values({
      tenantId: user.tenantId,
      userId: user.id,
      provider: identity.provider,
      subject: identity.subject,
      email,
      createdAt: clock.now(),
    });
    await audit.record(tx, ctx, {
      action: 'social_identity_linked',
      tenantId: user.tenantId,
      subjectId: user.id,
      details: { provider: identity.provider, created: existing === undefined },
    });
    return user;
  }

  async function signIn(ctx: RequestContext, user: UserRow, method: 'otp' | 'social', details = {}) {
    await sessions.assertMaySignIn(user);
    const session = await db.platformTx(async (tx) => {
      await audit.record(tx, ctx, {
        action: method === 'otp' ? 'otp_login' : 'social_login',
        tenantId: user.tenantId,
        subjectId: user.id,
        details,
      });
      return sessions.startSession(tx, user);
    });
    return sessions.tokensFor(session.user, session.refreshToken);
  }

  return {
    async requestOtp(input: RestaurantRef & { phone: string }) {
      const tenantId = await activeRestaurant(input, true);
      const sent = await deps.otp.request(tenantId, input.phone);
      return { message: 'OTP sent', ...sent };
    },

    async verifyOtp(
      ctx: RequestContext,
      input: RestaurantRef & { phone: string; otp: string },
    ): Promise<TokenResponse> {
      const tenantId = await activeRestaurant(input, true);
      const { phone } = await deps.otp.verify(tenantId, input.phone, input.otp);
      const user = await db.tenantTx(tenantId, async (tx) => {
        const [found] = await tx
          .select()
          .from(users)
          .where(and(eq(users.tenantId, tenantId), eq(users.phone, phone), eq(users.role, 'customer')));
        return (
          found ?? createCustomer(tx, ctx, tenantId, { phone, displayName: 'Guest', emailVerified: false })
        );
      });
      return signIn(ctx, user, 'otp');
    },

    providers: () => deps.social.providers(),

    async beginSocial(provider: string, ref: RestaurantRef) {
      const tenantId = await activeRestaurant(ref, false);
      return deps.social.begin(provider, { tenantId });
    },

    async completeSocial(
      ctx: RequestContext,
      provider: string,
      callback: LoginCallback,
    ): Promise<TokenResponse> {
      const { identity, tenantId } = await deps.social.complete(provider, callback);
      const user = await db.platformTx((tx) => accountFor(tx, ctx, identity, tenantId));
      return signIn(ctx, user, 'social', { provider });
    },
  };
}

export type CustomerSignIn = ReturnType<typeof createCustomerSignIn>;
