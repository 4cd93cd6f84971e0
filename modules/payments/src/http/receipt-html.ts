import type { Receipt } from '../contract/index.js';
import { currencyExponent } from '../providers/money.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** Minor units as a decimal string (no locale: receipts print the same everywhere). */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  return `${sign}${whole}${exponent === 0 ? '' : `.${digits.slice(-exponent)}`} ${currency}`;
}

/** A printable receipt page (80 mm thermal printers and A4 alike). */
export function receiptHtml(receipt: Receipt): string {
  const { payment, check } = receipt;
  const money = (amount: number) => escapeHtml(formatMoney(amount, payment.currency));
  const row = (label: string, amount: number) =>
    `<tr><td>${escapeHtml(label)}</td><td class="n">${money(amount)}</td></tr>`;
  const lines = check.lines.map((line) => row(`${line.quantity} × ${line.name}`, line.total)).join('');
  const extra = [
    row('Subtotal', check.subtotal),
    ...(check.service_charge > 0 ? [row('Service charge', check.service_charge)] : []),
    ...(check.service_charge_tax > 0 ? [row('Tax on service charge', check.service_charge_tax)] : []),
    row('Total', check.total),
    row(`Paid (${payment.method.replace('_', ' ')})`, payment.amount),
    ...(payment.tip > 0 ? [row('Tip', payment.tip)] : []),
    ...(payment.rounding_adjustment !== 0 ? [row('Cash rounding', payment.rounding_adjustment)] : []),
    ...(payment.tendered !== null ? [row('Tendered', payment.tendered)] : []),
    ...(payment.change_due !== null ? [row('Change', payment.change_due)] : []),
    ...receipt.refunds
      .filter((refund) => refund.status === 'succeeded')
      .map((refund) => row(`Refund: ${refund.reason}`, -refund.amount)),
  ].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Receipt ${escapeHtml(payment.id.slice(0, 8))}</title>
<style>body{font:14px/1.4 monospace;max-width:80mm;margin:0 auto;padding:8px}h1{font-size:16px;text-align:center}
table{width:100%;border-collapse:collapse}td.n{text-align:right;white-space:nowrap}tr.sep td{border-top:1px dashed #000}
@media print{button{display:none}}</style></head>
<body><h1>${escapeHtml(receipt.restaurant.name)}</h1>
<p>Receipt ${escapeHtml(payment.id)}<br>${escapeHtml(payment.succeeded_at ?? payment.created_at)}</p>
<table>${lines}<tr class="sep"><td colspan="2"></td></tr>${extra}</table>
<p>Thank you!</p><button onclick="window.print()">Print</button></body></html>`;
}
