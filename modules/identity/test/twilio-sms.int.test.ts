import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '@brigade/kernel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TwilioSmsOptions, twilioSms } from '../src/sms/twilio-sms.js';

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const authToken = 'secret-auth-token-3f9a';
const from = '+15005550006';

interface Received {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

type Reply = (request: Received, response: ServerResponse) => void;

const json = (response: ServerResponse, status: number, body: object) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

// What Twilio answers: 201 with the created Message resource, checked the way Twilio checks.
const created: Reply = (request, response) => {
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  if (request.authorization !== expectedAuth) {
    return json(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
  }
  const { To, From, MessagingServiceSid, Body } = request.form;
  if (
    request.path !== `/2010-04-01/Accounts/${accountSid}/Messages.json` ||
    !request.contentType?.startsWith('application/x-www-form-urlencoded') ||
    !To ||
    !(From || MessagingServiceSid) ||
    !Body
  ) {
    return json(response, 400, { code: 21603, message: 'Malformed request', status: 400 });
  }
  json(response, 201, {
    sid: `SM${'a'.repeat(32)}`,
    account_sid: accountSid,
    to: To,
    from: From ?? null,
    messaging_service_sid: MessagingServiceSid ?? null,
    body: Body,
    status: 'queued',
    num_segments: '1',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: new Date().toUTCString(),
    error_code: null,
    error_message: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/SM${'a'.repeat(32)}.json`,
  });
};

const failing =
  (status: number): Reply =>
  (_request, response) =>
    json(response, status, { code: 20500, message: 'Internal Server Error', status });

const rejected: Reply = (_request, response) =>
  json(response, 400, {
    code: 21211,
    message: "The 'To' number +10000000 is not a valid phone number.",
    more_info: 'https://www.twilio.com/docs/errors/21211',
    status: 400,
  });

const silent: Reply = () => undefined;

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let replies: Reply[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        path: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        form:
          request.method === 'POST'
            ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()))
            : {},
      };
      received.push(entry);
      const reply = replies.length > 1 ? replies.shift()! : (replies[0] ?? created);
      reply(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  replies = [];
});

const provider = (options: Partial<TwilioSmsOptions> = {}) =>
  twilioSms({ accountSid, authToken, from, baseUrl, timeoutMs: 1000, retryDelayMs: 5, ...options });

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  const serialized = JSON.stringify({
    error,
    message: (error as Error).message,
    cause: String((error as Error).cause),
  });
  expect(serialized).not.toContain(authToken);
  return error as DomainError;
};

const message = { to: '+919876543210', body: 'Your Brigade code is 123456. It expires in 5 minutes.' };

describe('twilio sms provider', () => {
  it('posts the documented form with Basic auth and returns the message sid', async () => {
    const sms = provider();
    expect(sms.name).toBe('twilio');
    await expect(sms.send(message)).resolves.toEqual({ id: `SM${'a'.repeat(32)}` });
    expect(received).toHaveLength(1);
    expect(received[0]!.form).toEqual({ To: message.to, From: from, Body: message.body });
  });

  it('sends a Messaging Service SID as MessagingServiceSid instead of From', async () => {
    const service = `MG${'b'.repeat(32)}`;
    await provider({ from: service }).send(message);
    expect(received[0]!.form).toEqual({ To: message.to, MessagingServiceSid: service, Body: message.body });
  });

  it("a 400 is sms_rejected with Twilio's message, and is not retried", async () => {
    replies = [rejected];
    const error = await failure(provider().send(message));
    expect(error.code).toBe('sms_rejected');
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain("The 'To' number +10000000 is not a valid phone number.");
    expect(error.details).toMatchObject({ provider_code: 21211, status: 400 });
    expect(received).toHaveLength(1);
  });

  it('wrong credentials are sms_unavailable (our fault, not the customer’s) and not retried', async () => {
    const error = await failure(provider({ authToken: 'not-the-token' }).send(message));
    expect(error.code).toBe('sms_unavailable');
    expect(error.message).not.toContain('not-the-token');
    expect(received).toHaveLength(1);
  });

  it('a 503 then a 201 succeeds after one retry', async () => {
    replies = [failing(503), created];
    await expect(provider().send(message)).resolves.toEqual({ id: `SM${'a'.repeat(32)}` });
    expect(received).toHaveLength(2);
  });

  it('a 429 is retried too', async () => {
    replies = [failing(429), created];
    await expect(provider().send(message)).resolves.toMatchObject({ id: expect.any(String) });
    expect(received).toHaveLength(2);
  });

  it('a persistent 500 is sms_unavailable after 2 retries; the open circuit then fails fast', async () => {
    replies = [failing(500)];
    const sms = provider({ breakerThreshold: 3 });
    const error = await failure(sms.send(message));
    expect(error.code).toBe('sms_unavailable');
    expect(error.kind).toBe('unavailable');
    expect(error.details).toMatchObject({ status: 500 });
    expect(received).toHaveLength(3);

    replies = [created];
    const fast = await failure(sms.send(message));
    expect(fast.code).toBe('sms_unavailable');
    expect(received).toHaveLength(3);
  });

  it('the circuit closes again after the half-open delay once the provider recovers', async () => {
    replies = [failing(500)];
    const sms = provider({ breakerThreshold: 3, breakerHalfOpenAfterMs: 50 });
    await failure(sms.send(message));
    replies = [created];
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(sms.send(message)).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('a server slower than the timeout is sms_unavailable', async () => {
    replies = [silent];
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 100 }).send(message));
    expect(error.code).toBe('sms_unavailable');
    expect(error.message).toMatch(/in time/);
    expect(received).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an unreachable server is sms_unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(provider({ baseUrl: `http://127.0.0.1:${port}` }).send(message));
    expect(error.code).toBe('sms_unavailable');
  });
});
