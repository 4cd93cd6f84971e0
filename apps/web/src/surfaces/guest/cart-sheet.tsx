import { useRef, useState } from 'react';
import { type Api, idempotencyKeys } from '../../ui/api.js';
import { useI18n } from '../../ui/i18n.js';
import { Stepper } from '../../ui/menu/item-sheet.js';
import { type CartLine, orderLines, unitPrice } from '../../ui/menu/types.js';
import { Sheet } from '../../ui/sheet.js';
import { ErrorState } from '../../ui/states.js';

export function CartSheet({
  token,
  api,
  lines,
  money,
  onChange,
  onClose,
  onPlaced,
}: {
  token: string;
  api: Api;
  lines: CartLine[];
  money: (minor: number) => string;
  onChange: (lines: CartLine[]) => void;
  onClose: () => void;
  onPlaced: () => void;
}) {
  const { t } = useI18n();
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const keyFor = useRef(idempotencyKeys());
  const total = lines.reduce((sum, line) => sum + unitPrice(line) * line.quantity, 0);

  async function place() {
    const body = {
      lines: orderLines(lines),
      ...(notes.trim() && { notes: notes.trim() }),
    };
    setBusy(true);
    setError(null);
    try {
      await api.post(`/public/tables/${token}/orders`, body, keyFor.current(body));
      onPlaced();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const update = (key: string, change: Partial<CartLine> | null) =>
    onChange(
      lines.flatMap((line) => (line.key !== key ? [line] : change === null ? [] : [{ ...line, ...change }])),
    );

  return (
    <Sheet
      title={t('guest.your_cart')}
      onClose={onClose}
      footer={
        <button
          type="button"
          onClick={place}
          disabled={busy || lines.length === 0}
          className="flex w-full justify-between rounded-xl bg-amber-800 px-5 py-3 text-lg font-semibold text-white disabled:opacity-60"
        >
          <span>{busy ? t('guest.placing') : t('guest.place_order')}</span>
          <span>{money(total)}</span>
        </button>
      }
    >
      <ul className="flex flex-col divide-y divide-stone-200">
        {lines.map((line) => (
          <li key={line.key} className="py-3">
            <div className="flex justify-between gap-2">
              <div>
                <p className="font-semibold">
                  {line.item.name}
                  {line.variant && ` (${line.variant.name})`}
                </p>
                {line.options.length > 0 && (
                  <p className="text-sm text-stone-600">
                    {line.options.map((option) => option.name).join(', ')}
                  </p>
                )}
                {line.notes && <p className="text-sm italic text-stone-600">“{line.notes}”</p>}
              </div>
              <span className="font-semibold">{money(unitPrice(line) * line.quantity)}</span>
            </div>
            <div className="mt-2 flex items-center justify-between">
              <Stepper
                value={line.quantity}
                onChange={(quantity) => update(line.key, { quantity })}
                label={t('guest.quantity_of', { name: line.item.name })}
              />
              <button
                type="button"
                onClick={() => update(line.key, null)}
                className="rounded-md px-3 text-red-800 underline"
              >
                {t('guest.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <label className="mt-3 flex flex-col gap-1">
        <span className="font-semibold">{t('guest.order_notes')}</span>
        <textarea
          value={notes}
          maxLength={500}
          onChange={(event) => setNotes(event.target.value)}
          className="rounded-md border border-stone-400 p-2"
        />
      </label>
      <p className="mt-2 text-sm text-stone-600">{t('guest.tax_note')}</p>
      {error !== null && (
        <div className="mt-3">
          <ErrorState error={error} />
        </div>
      )}
    </Sheet>
  );
}
