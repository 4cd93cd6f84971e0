import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Stepper } from '../../ui/menu/item-sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import { parseMoney } from './money.js';
import type { Check, SplitRequest } from './types.js';

const modes = ['even', 'seat', 'item', 'amount'] as const;
type Mode = (typeof modes)[number];

/** Split an unpaid check: evenly by N, by seat, by item, or by amounts that add up to what is due. */
export function SplitForm({
  session,
  check,
  money,
  onSplit,
}: {
  session: StaffSession;
  check: Check;
  money: (minor: number) => string;
  onSplit: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [mode, setMode] = useState<Mode>('even');
  const [parts, setParts] = useState(2);
  const [partOfLine, setPartOfLine] = useState<Record<string, number>>({});
  const [amounts, setAmounts] = useState<string[]>(['', '']);
  const [invalid, setInvalid] = useState<string | null>(null);
  const split = useMutation({
    mutationFn: (request: SplitRequest) => session.api.post<Check>(`/checks/${check.id}/split`, request),
    onSuccess: (updated) => {
      client.setQueryData(['pos', 'check', check.id], updated);
      onSplit();
    },
  });

  function request(): SplitRequest | string {
    if (mode === 'even') return { mode, parts };
    if (mode === 'seat') {
      if (!check.lines.some((line) => line.seat !== null)) return t('pos.split_no_seats');
      return { mode };
    }
    if (mode === 'item') {
      const groups = Array.from({ length: parts }, (_, index) =>
        check.lines.filter((line) => (partOfLine[line.line_id] ?? 1) === index + 1),
      );
      if (groups.some((lines) => lines.length === 0)) return t('pos.split_part_empty');
      return {
        mode,
        parts: groups.map((lines) => ({ items: lines.map((line) => ({ line_id: line.line_id })) })),
      };
    }
    const minor = amounts.map((text) => parseMoney(text, check.currency));
    if (minor.some((amount) => amount === null || amount === 0)) return t('pos.amount_invalid');
    const sum = minor.reduce<number>((total, amount) => total + (amount ?? 0), 0);
    if (sum !== check.due) return t('pos.split_amounts_sum', { sum: money(sum), due: money(check.due) });
    return { mode, amounts: minor as number[] };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const built = request();
    if (typeof built === 'string') return setInvalid(built);
    setInvalid(null);
    split.mutate(built);
  }

  const partOptions = Array.from({ length: parts }, (_, index) => [
    String(index + 1),
    t('pos.part_n', { part: index + 1 }),
  ]) as [string, string][];
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-lg border border-stone-300 p-3">
      <SelectField
        label={t('pos.split_how')}
        value={mode}
        onValue={(value) => {
          setMode(value as Mode);
          setInvalid(null);
        }}
        options={modes.map((entry) => [entry, t(`pos.split_mode.${entry}`)])}
      />
      {(mode === 'even' || mode === 'item') && (
        <div>
          <p className="font-medium">{t('pos.split_parts')}</p>
          <Stepper
            value={parts}
            min={2}
            onChange={(next) => setParts(Math.min(20, next))}
            label={t('pos.split_parts')}
          />
        </div>
      )}
      {mode === 'item' &&
        check.lines.map((line) => (
          <SelectField
            key={line.line_id}
            label={`${line.quantity}× ${line.name} · ${money(line.total)}`}
            value={String(Math.min(partOfLine[line.line_id] ?? 1, parts))}
            onValue={(value) => setPartOfLine((current) => ({ ...current, [line.line_id]: Number(value) }))}
            options={partOptions}
          />
        ))}
      {mode === 'amount' && (
        <>
          {amounts.map((text, index) => (
            <TextField
              // biome-ignore lint/suspicious/noArrayIndexKey: the parts are positional
              key={index}
              label={t('pos.part_n', { part: index + 1 })}
              inputMode="decimal"
              value={text}
              onValue={(value) =>
                setAmounts((current) => current.map((entry, at) => (at === index ? value : entry)))
              }
            />
          ))}
          <div className="flex gap-2">
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => setAmounts((current) => [...current, ''])}
            >
              {t('pos.add_part')}
            </button>
            {amounts.length > 2 && (
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => setAmounts((current) => current.slice(0, -1))}
              >
                {t('pos.remove_part')}
              </button>
            )}
          </div>
          <p className="text-sm text-stone-700">{t('pos.split_amounts_hint', { due: money(check.due) })}</p>
        </>
      )}
      {invalid && (
        <p role="alert" className="text-sm text-red-800">
          {invalid}
        </p>
      )}
      {split.error && <ErrorState error={split.error} />}
      <button type="submit" disabled={split.isPending} className={buttonClass()}>
        {split.isPending ? t('common.loading') : t('pos.apply_split')}
      </button>
    </form>
  );
}
