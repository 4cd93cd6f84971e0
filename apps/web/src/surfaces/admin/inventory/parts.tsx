import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { buttonClass } from '../../../ui/form.js';
import { formatDateTime, formatMoney } from '../../../ui/format.js';
import { type MessageKey, useI18n } from '../../../ui/i18n.js';
import { fieldErrors } from '../../../ui/problem.js';
import { useLiveFeed } from '../../../ui/realtime.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import { Sheet } from '../../../ui/sheet.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState } from '../../../ui/states.js';
import { formatQuantity } from './quantities.js';
import type { Ingredient, Page, Supplier, Unit } from './types.js';

/** Every inventory query lives under this key: one invalidation refreshes every screen. */
export const inventoryKey = ['inventory'] as const;

/** Inventory's own events, and orders' (their consumption runs right after them). */
const movesStock = (type: string) => type.startsWith('inventory.') || type.startsWith('orders.order_');
const liveQueries = ['levels', 'alerts', 'item', 'transactions'];

/**
 * Follows the staff feed and refreshes levels, alerts and movements after events that move
 * stock, at most once a second: a busy floor's other events cost no requests (each user has
 * a budget of requests per minute).
 */
export function useInventoryLive(session: StaffSession) {
  const client = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  return useLiveFeed(session.api.freshToken, ['staff'], [], (event) => {
    if (!movesStock(event.type) || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      for (const key of liveQueries) void client.invalidateQueries({ queryKey: [...inventoryKey, key] });
    }, 1_000);
  });
}

/** A write that refreshes every inventory query once it succeeds. */
export function useInventoryWrite<Input, Output>(write: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => client.invalidateQueries({ queryKey: inventoryKey }),
  });
}

/** Every ingredient (archived ones too), for pickers and names. */
export function useIngredients(session: StaffSession) {
  return useQuery({
    queryKey: [...inventoryKey, 'items'],
    queryFn: async () => (await session.api.get<Page<Ingredient>>('/inventory/items?limit=200')).data,
  });
}

export function useSuppliers(session: StaffSession) {
  return useQuery({
    queryKey: [...inventoryKey, 'suppliers'],
    queryFn: () => session.api.get<Supplier[]>('/inventory/suppliers'),
  });
}

/** Money, quantities and times in the restaurant's currency, locale and time zone. */
export function useFormats(restaurant: Restaurant) {
  const { t, locale } = useI18n();
  return {
    money: (minor: number) => formatMoney(minor, restaurant.currency, locale),
    quantity: (value: number, unit: Unit) => formatQuantity(value, unitLabel(t, unit), locale),
    dateTime: (iso: string) => formatDateTime(iso, restaurant.timezone, locale),
    /** A calendar date (YYYY-MM-DD, an expiry): no time zone moves it. */
    date: (day: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
  };
}

export function unitLabel(t: (key: MessageKey) => string, unit: Unit): string {
  return t(`inventory.unit.${unit}`);
}

/** [value, label] options of the given units, for a SelectField. */
export function unitOptions(t: (key: MessageKey) => string, units: readonly Unit[]) {
  return units.map((unit) => [unit, unitLabel(t, unit)] as const);
}

/** Fields share grid columns rather than keeping their intrinsic width (which overflows a phone). */
const shrinkControls = '[&_input]:min-w-0 [&_select]:min-w-0';

/** A titled card of a screen. */
export function Panel({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className={`flex flex-col gap-3 rounded-xl bg-white p-4 shadow ${shrinkControls}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-lg font-bold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * A form in a sheet: validates through `onSubmit` (which sends only when the input is valid),
 * shows the server's problem, and submits from the footer button.
 */
export function FormSheet({
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Sheet
      title={title}
      onClose={onClose}
      footer={
        <button type="submit" form={id} disabled={busy} className={`${buttonClass()} w-full`}>
          {busy ? t('common.loading') : submitLabel}
        </button>
      }
    >
      <form id={id} onSubmit={submit} noValidate className={`flex flex-col gap-3 ${shrinkControls}`}>
        {children}
        {Boolean(error) && <ErrorState error={error} />}
      </form>
    </Sheet>
  );
}

/**
 * A form's field errors: the ones found before sending, else the server's for the same field.
 * `error(field)` gives the message to show under a field.
 */
export function formErrors(local: Record<string, string>, serverError: unknown) {
  const server = fieldErrors(serverError);
  return (field: string) => local[field] ?? server[field] ?? null;
}

/** A small coloured mark (low stock, flagged, a status). */
export function Badge({
  tone,
  children,
}: {
  tone: 'red' | 'amber' | 'green' | 'stone';
  children: ReactNode;
}) {
  const tones = {
    red: 'bg-red-100 text-red-900',
    amber: 'bg-amber-100 text-amber-900',
    green: 'bg-green-100 text-green-900',
    stone: 'bg-stone-100 text-stone-800',
  } as const;
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-sm font-medium ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

export const tableClass = 'w-full text-left text-sm sm:text-base';
export const headRowClass = 'border-b border-stone-300';
export const rowClass = 'border-b border-stone-100 align-top';
export const cellClass = 'py-2 pr-3';

/** A table that scrolls sideways on a phone rather than squeezing its columns (focusable to scroll by keyboard). */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section aria-label={label} tabIndex={0} className="-mx-4 overflow-x-auto px-4">
      {children}
    </section>
  );
}

/**
 * A list as a table that scrolls sideways on a phone: its column headings (a heading in `hidden`
 * is read out but not shown, e.g. the actions column) and its rows.
 */
/**
 * An ingredient's figures in a variance table (a count, the variance report): what was
 * expected, what there is, the difference in quantity and in money. `tone` marks the row.
 */
export function VarianceRow({
  name,
  expected,
  actual,
  variance,
  value,
  unit,
  tone,
  format,
}: {
  name: string;
  expected: number;
  actual: number;
  variance: number;
  value: number;
  unit: Unit;
  tone: string;
  format: ReturnType<typeof useFormats>;
}) {
  return (
    <tr className={`${rowClass} ${tone}`}>
      <td className={`${cellClass} font-medium`}>{name}</td>
      <td className={cellClass}>{format.quantity(expected, unit)}</td>
      <td className={cellClass}>{format.quantity(actual, unit)}</td>
      <td className={cellClass}>{format.quantity(variance, unit)}</td>
      <td className={cellClass}>{format.money(value)}</td>
    </tr>
  );
}

export function DataTable({
  label,
  columns,
  hidden = [],
  children,
}: {
  label: string;
  columns: readonly string[];
  hidden?: readonly string[];
  children: ReactNode;
}) {
  return (
    <Scroll label={label}>
      <table className={tableClass}>
        <thead>
          <tr className={headRowClass}>
            {[...columns, ...hidden].map((heading, index) => (
              <th key={heading} scope="col" className={cellClass}>
                {index < columns.length ? heading : <span className="sr-only">{heading}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </Scroll>
  );
}
