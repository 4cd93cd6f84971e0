// The floor of one answer: Node's own HTTP server (no framework, no hooks, nothing decided per
// request) writing the headers a Brigade JSON answer carries and a JSON body of BODY_BYTES
// (default: the demo's public menu, ~5 KB). What the menu scenario's Brigade route costs above
// this is the framework and Brigade's own work; what this costs below hello-world is the answer.
// Listens on HOST (default 127.0.0.1) and PORT, and closes on SIGTERM or SIGINT.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const bodyBytes = Number(process.env.BODY_BYTES ?? 5046);
const filler = 'x'.repeat(Math.max(0, bodyBytes - '{"filler":""}'.length));
const body = Buffer.from(JSON.stringify({ filler }));

const server = createServer((_request, response) => {
  response.writeHead(200, {
    'x-request-id': randomUUID(),
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'ratelimit-limit': '600',
    'ratelimit-remaining': '599',
    'ratelimit-reset': '60',
    etag: '"11111111-1111-4111-8111-111111111111-1-AAAAAAAAAAAAAAAA"',
    'cache-control': 'public, no-cache',
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
  });
  response.end(body);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => process.exit(0));
}
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
