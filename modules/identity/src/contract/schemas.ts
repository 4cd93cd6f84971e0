import { pageInput } from '@brigade/kernel';
import { createRestaurantSchema, slugSchema, taxSettingsSchema } from '@brigade/tenants';
import { z } from 'zod';
import { roles } from './permissions.js';

export const roleSchema = z.enum(roles);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2–40 letters, digits, dots, dashes or underscores');
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const phoneSchema = z
  .string()
  .regex(/^\+?[0-9 ()-]{6,24}$/, 'a phone number such as +91 98765 43210')
  .transform((raw) => raw.replace(/[ ()-]/g, ''))
  .pipe(z.string().regex(/^\+?[0-9]{8,15}$/, 'a phone number of 8 to 15 digits'));
/** ASVS 5 §6.2: at least 8 characters, long passphrases allowed, no composition rules. */
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters');
const displayName = z.string().trim().min(1).max(120);

export const userSchema = z
  .object({
    id: z.uuid(),
    tenant_id: z.uuid().nullable(),
    role: roleSchema,
    username: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    display_name: z.string(),
    email_verified: z.boolean(),
    is_active: z.boolean(),
    must_change_password: z.boolean(),
    last_login_at: z.iso.datetime().nullable(),
    version: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const tokenResponseSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    /** Seconds until the access token expires. */
    expires_in: z.number().int(),
    user: userSchema,
  })
  .meta({ id: 'TokenResponse' });

/** Which restaurant a sign-in is for: its id or its slug (staff signing in by e-mail need neither). */
const restaurantRef = {
  tenant_id: z.uuid().optional(),
  restaurant: slugSchema.optional(),
};

export const loginSchema = z
  .object({
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    password: z.string().min(1).max(128),
    ...restaurantRef,
  })
  .strict()
  .refine((body) => (body.email === undefined) !== (body.username === undefined), {
    message: 'give either email or username',
    path: ['email'],
  })
  .meta({ id: 'Login' });

export const requestOtpSchema = z
  .object({ phone: z.string().min(6).max(24), ...restaurantRef })
  .strict()
  .meta({ id: 'RequestOtp' });

export const verifyOtpSchema = z
  .object({
    phone: z.string().min(6).max(24),
    otp: z.string().regex(/^[0-9]{6}$/, 'six digits'),
    ...restaurantRef,
  })
  .strict()
  .meta({ id: 'VerifyOtp' });

export const otpSentSchema = z
  .object({ message: z.string(), expires_at: z.iso.datetime(), resend_after: z.iso.datetime() })
  .meta({ id: 'OtpSent' });

export const beginSocialLoginSchema = z.object(restaurantRef).strict();

export const socialAuthorizationSchema = z
  .object({ authorization_url: z.url(), state: z.string(), expires_at: z.iso.datetime() })
  .meta({ id: 'SocialAuthorization' });

/** What the provider sent back to the redirect URI, relayed by the client (seed 001 §6.6). */
export const socialCallbackSchema = z
  .object({
    provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    state: z.string().min(1).max(200),
    code: z.string().min(1).max(2000).optional(),
    iss: z.string().max(500).optional(),
    error: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'SocialCallback' });

export const signupSchema = z
  .object({
    restaurant: createRestaurantSchema.omit({ tax: true }).extend({ tax: taxSettingsSchema.optional() }),
    owner: z
      .object({
        email: emailSchema,
        password: passwordSchema,
        display_name: displayName,
        username: usernameSchema.optional(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Signup' });

export const refreshSchema = z.object({ refresh_token: z.string().min(1).max(200) }).strict();

export const logoutSchema = z
  .object({
    refresh_token: z.string().min(1).max(200).optional(),
    /** Ends every session of the signed-in user, on every device. */
    all: z.boolean().default(false),
  })
  .strict();

export const validateTokenSchema = z.object({ token: z.string().min(1).max(4096) }).strict();

/** RFC 7662-style answer: `active` false says nothing about why. */
export const tokenInfoSchema = z
  .object({
    active: z.boolean(),
    sub: z.string().optional(),
    tenant_id: z.uuid().nullable().optional(),
    role: roleSchema.optional(),
    iss: z.string().optional(),
    aud: z.string().optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
  })
  .meta({ id: 'TokenInfo' });

export const createUserSchema = z
  .object({
    role: roleSchema,
    display_name: displayName,
    username: usernameSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    password: passwordSchema.optional(),
    /** The platform admin names the restaurant; everyone else creates users in their own. */
    tenant_id: z.uuid().optional(),
  })
  .strict()
  .refine((body) => body.username || body.email || body.phone, {
    message: 'give a username, an email or a phone',
    path: ['username'],
  })
  .refine((body) => body.role === 'customer' || body.password !== undefined, {
    message: 'staff accounts need a password',
    path: ['password'],
  })
  .meta({ id: 'CreateUser' });

export const updateUserSchema = z
  .object({
    display_name: displayName,
    username: usernameSchema.nullable(),
    email: emailSchema.nullable(),
    phone: phoneSchema.nullable(),
    role: roleSchema,
    is_active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateUser' });

export const listUsersSchema = z.object({
  ...pageInput,
  role: roleSchema.optional(),
  is_active: z.boolean().optional(),
  q: z.string().max(100).optional(),
});

export const changePasswordSchema = z
  .object({ current_password: z.string().min(1).max(128), new_password: passwordSchema })
  .strict();

export const resetPasswordSchema = z
  .object({
    /** Absent: a temporary password is generated, returned once, and must be changed at next sign-in. */
    new_password: passwordSchema.optional(),
  })
  .strict();

export const apiKeySchema = z
  .object({
    id: z.string(),
    tenant_id: z.uuid(),
    name: z.string(),
    permissions: z.array(z.string()),
    created_by: z.string().nullable(),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
    last_used_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    permissions: z
      .array(z.string().regex(/^[a-z_]+:[a-z_]+$/, 'a permission such as menu:read'))
      .min(1)
      .max(50),
    expires_at: z.iso.datetime().optional(),
  })
  .strict()
  .meta({ id: 'CreateApiKey' });

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    tenant_id: z.uuid().nullable(),
    occurred_at: z.iso.datetime(),
    action: z.string(),
    actor_kind: z.string(),
    actor_id: z.string().nullable(),
    subject_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const listAuditSchema = z.object({
  ...pageInput,
  action: z.string().max(60).optional(),
  subject_id: z.string().max(60).optional(),
});

export type User = z.infer<typeof userSchema>;
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type TokenInfo = z.infer<typeof tokenInfoSchema>;
export type Login = z.input<typeof loginSchema>;
export type RequestOtp = z.input<typeof requestOtpSchema>;
export type VerifyOtp = z.input<typeof verifyOtpSchema>;
export type OtpSent = z.infer<typeof otpSentSchema>;
export type SocialAuthorization = z.infer<typeof socialAuthorizationSchema>;
export type SocialCallback = z.input<typeof socialCallbackSchema>;
export type Signup = z.input<typeof signupSchema>;
export type CreateUser = z.input<typeof createUserSchema>;
export type UpdateUser = z.input<typeof updateUserSchema>;
export type ListUsers = z.input<typeof listUsersSchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreateApiKey = z.input<typeof createApiKeySchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type ListAudit = z.input<typeof listAuditSchema>;
