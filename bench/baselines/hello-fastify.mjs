// The ceiling for any HTTP scenario: a bare Fastify 5 server answering one small JSON object.
// Listens on HOST (default 127.0.0.1) and PORT, and closes on SIGTERM or SIGINT.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => app.close().then(() => process.exit(0)));
}

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
