import { problemSchema } from '@brigade/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  beginSocialLoginSchema,
  type IdentityService,
  otpSentSchema,
  requestOtpSchema,
  socialAuthorizationSchema,
  socialCallbackSchema,
  tokenResponseSchema,
  verifyOtpSchema,
} from '../contract/index.js';
import type { AuthRouteLimits } from './auth.routes.js';

const tags = ['auth'];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  429: problemSchema,
  503: problemSchema,
};

/** Sign-in without a password: phone OTP (seed 003) and OpenID Connect providers (seed 001 §6.6). */
export function customerRoutes(service: IdentityService, limits: AuthRouteLimits): FastifyPluginAsyncZod {
  const signIn = { ip: limits.signInPerIpPerMinute, windowSeconds: 60 };
  return async (app) => {
    app.post(
      '/auth/customer/request-otp',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Send a one-time code to a customer phone (5 minutes; one resend per 30 s)',
          body: requestOtpSchema,
          response: { 202: otpSentSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(await service.requestOtp(request.ctx, request.body)),
    );

    app.post(
      '/auth/customer/verify-otp',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: 'Exchange the code for tokens; the first sign-in creates the customer',
          body: verifyOtpSchema,
          response: { 200: tokenResponseSchema, ...errors },
        },
      },
      async (request) => service.verifyOtp(request.ctx, request.body),
    );

    app.get(
      '/auth/oauth/providers',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The social sign-in providers configured here',
          response: { 200: z.object({ providers: z.array(z.string()) }) },
        },
      },
      async () => ({ providers: service.socialProviders() }),
    );

    app.post(
      '/auth/oauth/:provider/authorize',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: "Start a social sign-in: the provider's authorization URL (PKCE, state and nonce)",
          params: z.object({ provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/) }),
          body: beginSocialLoginSchema,
          response: { 200: socialAuthorizationSchema, ...errors },
        },
      },
      async (request) =>
        service.beginSocialLogin(request.ctx, { provider: request.params.provider, ...request.body }),
    );

    app.post(
      '/auth/oauth/callback',
      {
        config: { public: true, rateLimit: signIn },
        schema: {
          tags,
          summary: "Finish a social sign-in with the provider's redirect parameters (code, state, iss)",
          body: socialCallbackSchema,
          response: { 200: tokenResponseSchema, 422: problemSchema, ...errors },
        },
      },
      async (request) => service.completeSocialLogin(request.ctx, request.body),
    );
  };
}
