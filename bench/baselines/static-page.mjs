// The floor of a page load on this machine: a bare Node HTTP server answering one tiny,
// complete HTML page (no script, no stylesheet). Listens on HOST and PORT; closes on SIGTERM.
import { createServer } from 'node:http';

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Menu</title></head>
<body><h1>Spice Route</h1><p>Paneer Tikka — ₹299.00</p></body></html>`;

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(page);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
