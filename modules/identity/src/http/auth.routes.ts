import { problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  identityPermissions as can,
  changePasswordSchema,
  type IdentityService,
  loginSchema,
  logoutSchema,
  refreshSchema,
  signupSchema,
  tokenInfoSchema,
  tokenResponseSchema,
  userSchema,
  validateTokenSchema,
} from '../contract/index.js';

const tags = ['auth'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

export interface AuthRouteLimits {
  /** Sign-in attempts (password, OTP, social) per client IP per minute. */
  signInPerIpPerMinute: number;
}

/** Seed 001 §1.2: /auth/register, /login, /refresh-token, /logout, /validate-token, /me. */
export function authRoutes(service: IdentityService, limits: AuthRouteLimits): FastifyPluginAsyncZod {
  const signIn = { ip: limits.signInPerIpPerMinute, windowSeconds: 60 };
  return async (app) => {
    app.post(
      '/auth/register',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Sign up: create a restaurant and its owner in one step, signed in',
          body: signupSchema,
          response: { 201: tokenResponseSchema, 409: problemSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await service.signup(request.ctx, request.body)),
    );

    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Sign in with e-mail or username and password',
          description:
            'Staff sign in by e-mail alone; by username, name the restaurant (`restaurant` slug or `tenant_id`). ' +
            'Every failure answers the same 401; repeated failures lock the identifier (429 with Retry-After).',
          body: loginSchema,
          response: { 200: tokenResponseSchema, ...errors },
        },
      },
      async (request) => service.login(request.ctx, request.body),
    );

    app.post(
      '/auth/refresh-token',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Exchange a refresh token for new tokens (the refresh token rotates)',
          body: refreshSchema,
          response: { 200: tokenResponseSchema, ...errors },
        },
      },
      async (request) => service.refresh(request.ctx, request.body.refresh_token),
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'End a session (its refresh token), or with `all` every session of the signed-in user',
          body: logoutSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.logout(request.ctx, request.body);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/validate-token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Introspect an access token (RFC 7662 style): active, and its claims when active',
          body: validateTokenSchema,
          response: { 200: tokenInfoSchema, ...errors },
        },
      },
      async (request) => service.validateToken(request.body.token),
    );

    app.get(
      '/auth/me',
      {
        config: { permission: can.self },
        schema: { tags, summary: 'The signed-in user', response: { 200: userSchema, ...errors } },
      },
      async (request) => service.me(request.ctx),
    );

    app.post(
      '/auth/change-password',
      {
        config: { permission: can.self, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Change your password; every session ends (sign in again with the new one)',
          body: changePasswordSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.changePassword(request.ctx, request.body);
        return reply.code(204).send(null);
      },
    );
  };
}
