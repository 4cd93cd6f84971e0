import QRCode from 'qrcode';
import type { TableQr } from '../contract/index.js';

/** Medium error correction: survives a scratched or partly covered table card. */
const options = { errorCorrectionLevel: 'M' as const, margin: 2 };

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...options, type: 'svg' });
}

export function qrPng(url: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...options, type: 'png', width });
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** A printable A4 page of table cards: each code with its table label, six to a page. */
export async function qrSheetHtml(restaurantName: string, codes: TableQr[]): Promise<string> {
  const cards = await Promise.all(
    codes.map(
      async (code) => `    <figure class="card" data-table-id="${code.table_id}">
      ${await qrSvg(code.url)}
      <figcaption><strong>Table ${escapeHtml(code.number)}</strong><span>Scan to see the menu and order</span></figcaption>
    </figure>`,
    ),
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(restaurantName)} — table QR codes</title>
  <style>
    @page { size: A4; margin: 12mm; }
    body { font-family: system-ui, sans-serif; margin: 0; }
    h1 { font-size: 16pt; }
    .sheet { display: grid; grid-template-columns: repeat(2, 1fr); gap: 8mm; }
    .card { border: 1px dashed #999; padding: 6mm; margin: 0; text-align: center; break-inside: avoid; }
    .card svg { width: 60mm; height: 60mm; }
    figcaption { display: flex; flex-direction: column; gap: 2mm; font-size: 12pt; }
    figcaption strong { font-size: 20pt; }
  </style>
</head>
<body>
  <h1>${escapeHtml(restaurantName)}</h1>
  <main class="sheet">
${cards.join('\n')}
  </main>
</body>
</html>
`;
}
