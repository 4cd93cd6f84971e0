import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { SelectField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { ItemSheet } from '../../ui/menu/item-sheet.js';
import {
  type CartLine,
  type MenuItem,
  type ModifierGroup,
  type PublicMenu,
  unitPrice,
} from '../../ui/menu/types.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import { Segment } from './segment.js';

/** A line of the round being built: whose plate (null: shared) and which course. */
export type PosLine = CartLine & { seat: number | null; course: number };

export const courses = [1, 2, 3] as const;

/** The live published menu, as staff order from it. */
export function useLiveMenu(session: StaffSession, restaurant: Restaurant) {
  return useQuery({
    queryKey: ['menu', 'live', restaurant.slug],
    queryFn: () => session.api.get<PublicMenu>(`/public/restaurants/${restaurant.slug}/menu`),
  });
}

/**
 * The round being built: its lines, the item whose sheet is open, and where new lines go
 * (seat and course, chosen first as on a Toast or Square terminal, changeable per line).
 */
export function useRound() {
  const [lines, setLines] = useState<PosLine[]>([]);
  const [picking, setPicking] = useState<MenuItem | null>(null);
  const [target, setTarget] = useState<{ seat: number | null; course: number }>({ seat: null, course: 1 });
  // Stable, so an open sheet keeps its focus when live updates re-render the screen.
  const closeItem = useCallback(() => setPicking(null), []);
  return {
    lines,
    picking,
    target,
    setTarget,
    pick: setPicking,
    closeItem,
    add(line: CartLine) {
      setLines((current) => [...current, { ...line, ...target }]);
      setPicking(null);
    },
    update(key: string, change: Partial<PosLine>) {
      setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));
    },
    remove(key: string) {
      setLines((current) => current.filter((line) => line.key !== key));
    },
    clear() {
      setLines([]);
    },
    total: lines.reduce((sum, line) => sum + unitPrice(line) * line.quantity, 0),
  };
}

export type Round = ReturnType<typeof useRound>;

/** The open item's variants and modifiers (the sheet the guest app uses too). */
export function RoundItemSheet({
  round,
  menu,
  money,
}: {
  round: Round;
  menu: PublicMenu;
  money: (minor: number) => string;
}) {
  if (!round.picking) return null;
  const groups = new Map<string, ModifierGroup>(menu.modifier_groups.map((group) => [group.id, group]));
  return (
    <ItemSheet
      item={round.picking}
      groups={groups}
      money={money}
      onClose={round.closeItem}
      onAdd={round.add}
    />
  );
}

/** Seat and course the next items go to. */
export function RoundTarget({ round, seats }: { round: Round; seats: number }) {
  const { t } = useI18n();
  const seatChoices = [null, ...Array.from({ length: seats }, (_, index) => index + 1)];
  return (
    <div className="flex flex-wrap gap-4">
      <Choices
        legend={t('pos.next_seat')}
        options={seatChoices.map((seat) => [
          seat,
          seat === null ? t('pos.shared') : t('pos.seat_n', { seat }),
        ])}
        value={round.target.seat}
        onValue={(seat) => round.setTarget({ ...round.target, seat })}
      />
      <Choices
        legend={t('pos.next_course')}
        options={courses.map((course) => [course, t('pos.course_n', { course })])}
        value={round.target.course}
        onValue={(course) => round.setTarget({ ...round.target, course })}
      />
    </div>
  );
}

/** A row of radio buttons drawn as segments. */
function Choices<T extends number | null>({
  legend,
  options,
  value,
  onValue,
}: {
  legend: string;
  options: [T, string][];
  value: T;
  onValue: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-semibold">{legend}</legend>
      <div className="flex flex-wrap gap-1">
        {options.map(([option, label]) => (
          <Segment
            key={String(option)}
            name={legend}
            checked={value === option}
            onChange={() => onValue(option)}
          >
            {label}
          </Segment>
        ))}
      </div>
    </fieldset>
  );
}

/** The lines of the round: seat and course per line (dine-in), remove. */
export function RoundLines({
  round,
  seats,
  money,
}: {
  round: Round;
  /** Seats at the table; null for takeout and delivery (no seats, one course). */
  seats: number | null;
  money: (minor: number) => string;
}) {
  const { t } = useI18n();
  if (round.lines.length === 0) return <Empty>{t('pos.round_empty')}</Empty>;
  const seatOptions = seats
    ? ([
        ['', t('pos.shared')],
        ...Array.from({ length: seats }, (_, index) => [
          String(index + 1),
          t('pos.seat_n', { seat: index + 1 }),
        ]),
      ] as [string, string][])
    : [];
  return (
    <ul aria-label={t('pos.round')} className="divide-y divide-stone-200 rounded-lg bg-stone-50 px-2">
      {round.lines.map((line) => (
        <li key={line.key} className="flex flex-wrap items-end gap-2 py-2">
          <div className="min-w-40 flex-1">
            <p className="font-medium">
              {line.quantity}× {line.item.name}
              {line.variant && ` (${line.variant.name})`}
            </p>
            {line.options.length > 0 && (
              <p className="text-sm text-stone-700">{line.options.map((option) => option.name).join(', ')}</p>
            )}
            {line.notes && <p className="text-sm text-stone-700 italic">“{line.notes}”</p>}
            <p className="text-sm">{money(unitPrice(line) * line.quantity)}</p>
          </div>
          {seats !== null && (
            <>
              <SelectField
                label={t('pos.seat')}
                value={line.seat === null ? '' : String(line.seat)}
                onValue={(seat) => round.update(line.key, { seat: seat ? Number(seat) : null })}
                options={seatOptions}
              />
              <SelectField
                label={t('pos.course')}
                value={String(line.course)}
                onValue={(course) => round.update(line.key, { course: Number(course) })}
                options={courses.map((course) => [String(course), t('pos.course_n', { course })])}
              />
            </>
          )}
          <button
            type="button"
            className="px-2 text-red-800 underline"
            aria-label={t('pos.remove_line', { name: line.item.name })}
            onClick={() => round.remove(line.key)}
          >
            {t('guest.remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The menu as tiles by category; a tile opens the item's sheet. */
export function MenuPicker({
  menu,
  money,
  onPick,
}: {
  menu: ReturnType<typeof useLiveMenu>;
  money: (minor: number) => string;
  onPick: (item: MenuItem) => void;
}) {
  const { t } = useI18n();
  return (
    <QueryState query={menu}>
      {(data) =>
        data.categories.length === 0 ? (
          <Empty>{t('guest.menu_empty')}</Empty>
        ) : (
          <div className="flex flex-col gap-3">
            {data.categories.map((category) => (
              <section key={category.id} aria-label={category.name}>
                <h3 className="font-semibold">{category.name}</h3>
                <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                  {category.items.map((entry) => (
                    <li key={entry.id}>
                      <button
                        type="button"
                        onClick={() => onPick(entry)}
                        className="flex w-full flex-col items-start rounded-lg border border-stone-300 bg-white p-2 text-left"
                      >
                        <span className="font-medium">{entry.name}</span>
                        <span className="text-sm text-stone-700">{money(entry.price)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )
      }
    </QueryState>
  );
}
