/**
 * The plumbing shared by the test-only provider servers: a real node:http server on
 * 127.0.0.1:0 that records every request and can be told to misbehave (5xx, hang, a canned
 * answer) for the next requests, before the provider-specific handler sees them.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Trouble = { kind: 'answer'; answer: Answer } | { kind: 'hang' } | { kind: 'lose_answer' };

export interface ProviderServer {
  url: string;
  /** Every request, in order (including those answered by a trouble switch). */
  received: RecordedRequest[];
  /** The next `times` requests get this answer instead of being handled. */
  answerNext(answer: Answer, times?: number): void;
  /** The next `times` requests get a 5xx with the provider's error body. */
  failNext(times?: number, status?: number): void;
  /** The next `times` requests are never answered (the connection stays open). */
  hangNext(times?: number): void;
  /**
   * The next `times` requests are carried out, but their answers are lost (the connection stays
   * silent): a timeout after the provider did the work.
   */
  loseAnswerNext(times?: number): void;
  /** Forgets the recorded requests and any trouble still queued. */
  reset(): void;
  close(): Promise<void>;
}

export async function startProviderServer(options: {
  handle: (request: RecordedRequest) => Answer;
  serverError: (status: number) => Answer;
}): Promise<ProviderServer> {
  const received: RecordedRequest[] = [];
  const troubles: Trouble[] = [];
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const trouble = troubles.shift();
      if (trouble?.kind === 'hang' || trouble?.kind === 'lose_answer') {
        if (trouble.kind === 'lose_answer') options.handle(request);
        hanging.add(response);
        return;
      }
      const answer = trouble?.kind === 'answer' ? trouble.answer : options.handle(request);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerNext(answer, times = 1) {
      for (let index = 0; index < times; index += 1) troubles.push({ kind: 'answer', answer });
    },
    failNext(times = 1, status = 500) {
      for (let index = 0; index < times; index += 1)
        troubles.push({ kind: 'answer', answer: options.serverError(status) });
    },
    hangNext(times = 1) {
      for (let index = 0; index < times; index += 1) troubles.push({ kind: 'hang' });
    },
    loseAnswerNext(times = 1) {
      for (let index = 0; index < times; index += 1) troubles.push({ kind: 'lose_answer' });
    },
    reset() {
      received.length = 0;
      troubles.length = 0;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const randomId = (prefix: string, length = 24) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let index = 0; index < length; index += 1) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}${id}`;
};
