import { migratePlatform } from '@brigade/http';
import { demoLogins } from '@brigade/identity/module';
import closeWithGrace from 'close-with-grace';
import { loadConfig } from './config.js';
import { allModules } from './modules.js';
import { createRuntime, openConfiguredDatabase } from './runtime.js';

function banner(host: string, port: number, embedded: boolean, dataDir: string) {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const base = `http://${shown}:${port}`;
  return [
    '',
    `  Brigade is running on ${embedded ? `embedded PostgreSQL (PGlite) in ${dataDir}` : 'PostgreSQL'}`,
    '',
    `  Web            ${base}/   kitchen ${base}/kds   POS ${base}/pos   back office ${base}/admin`,
    `  Guests         scan a table's QR code (${base}/t/<token>; GET /api/v1/tables/{id}/qr)`,
    `  API            ${base}/api/v1`,
    `  API docs       ${base}/api/docs`,
    `  OpenAPI        ${base}/api/openapi.json`,
    `  Health         ${base}/health   ${base}/ready   ${base}/metrics`,
    '',
    '  Demo restaurant: Spice Route (slug spice-route, id 11111111-1111-4111-8111-111111111111)',
    `  Sign in: POST ${base}/api/v1/auth/login with {"email": …, "password": …}`,
    '',
    ...demoLogins.map((login) => `    ${login.role.padEnd(15)} ${login.email.padEnd(36)} ${login.password}`),
    '',
  ].join('\n');
}

export async function serveCommand() {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) runtime.app.log.error({ err }, 'shutting down after an unexpected error');
    else runtime.app.log.info({ signal }, 'shutting down');
    await runtime.close();
  });
  await runtime.app.listen({ host: config.HOST, port: config.PORT });
  const address = runtime.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  process.stdout.write(`${banner(config.HOST, port, config.embedded, config.DATA_DIR)}\n`);
}

export async function migrateCommand() {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    const applied = await migratePlatform(db, allModules);
    if (applied.length === 0) console.log('Database is up to date.');
    for (const migration of applied) console.log(`applied ${migration.schema}/${migration.name}`);
  } finally {
    await db.close();
  }
}

export async function seedCommand() {
  const config = loadConfig();
  const runtime = await createRuntime(
    { ...config, seedDemoData: false, LOG_LEVEL: 'warn' },
    { serveWeb: false },
  );
  try {
    await runtime.seed();
    console.log('Demo data loaded: Spice Route (slug spice-route).');
  } finally {
    await runtime.close();
  }
}
