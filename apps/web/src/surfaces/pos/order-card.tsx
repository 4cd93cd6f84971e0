import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { buttonClass } from '../../ui/form.js';
import { formatTime } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import type { Order, OrderLine } from './types.js';
import { VoidLineSheet } from './void-line.js';

const closedStatuses = new Set(['completed', 'cancelled']);

/** One order: its lines with seat, course and kitchen state, voids, and held courses to fire. */
export function OrderCard({
  session,
  order,
  timeZone,
  money,
}: {
  session: StaffSession;
  order: Order;
  timeZone: string;
  money: (minor: number) => string;
}) {
  const { t, locale } = useI18n();
  const [voiding, setVoiding] = useState<OrderLine | null>(null);
  const closeVoid = useCallback(() => setVoiding(null), []);
  const open = !closedStatuses.has(order.status);
  const atTable = order.channel === 'dine_in';
  const laterCourses = order.lines.some((line) => line.status === 'active' && line.course > 1);
  return (
    <article
      data-order={order.number}
      aria-label={order.number}
      className="rounded-lg border border-stone-200 bg-white p-3"
    >
      <div className="flex flex-wrap justify-between gap-2 font-semibold">
        <span>{order.number}</span>
        <span>{t(`status.${order.status}` as MessageKey)}</span>
      </div>
      <p className="text-sm text-stone-700">
        {t(`channel.${order.channel}` as MessageKey)} · {formatTime(order.created_at, timeZone, locale)}
      </p>
      <ul className="mt-2 flex flex-col divide-y divide-stone-100">
        {order.lines.map((line) => (
          <li
            key={line.id}
            data-line={line.name}
            className={`flex items-center gap-2 py-1 ${line.status === 'voided' ? 'text-stone-500 line-through' : ''}`}
          >
            <div className="flex-1">
              <p>
                {line.quantity}× {line.name}
                {line.variant_name && ` (${line.variant_name})`}
              </p>
              <p className="text-sm text-stone-700">
                {[
                  ...(atTable
                    ? [
                        line.seat === null ? t('pos.shared') : t('pos.seat_n', { seat: line.seat }),
                        t('pos.course_n', { course: line.course }),
                      ]
                    : []),
                  line.status === 'voided' ? t('pos.voided') : t(`pos.kitchen.${line.kitchen_state}`),
                  ...line.options.map((option) => option.name),
                ].join(' · ')}
              </p>
              {line.notes && <p className="text-sm text-stone-700 italic">“{line.notes}”</p>}
              {line.void_reason && (
                <p className="text-sm">{t('pos.void_reason_shown', { reason: line.void_reason })}</p>
              )}
            </div>
            <span>{money(line.total)}</span>
            {open && line.status === 'active' && (
              <button
                type="button"
                onClick={() => setVoiding(line)}
                aria-label={t('pos.void_line', { name: line.name })}
                className={buttonClass('secondary')}
              >
                {t('pos.void')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-right font-semibold">{t('pos.total', { total: money(order.total) })}</p>
      {open && laterCourses && <HeldCourses session={session} orderId={order.id} />}
      {voiding && <VoidLineSheet session={session} order={order} line={voiding} onClose={closeVoid} />}
    </article>
  );
}

interface KitchenOrder {
  tickets: { course: number; status: 'held' | 'fired' | 'started' | 'bumped' | 'cancelled' }[];
}

/** "Fire course N" for each course the kitchen still holds. */
function HeldCourses({ session, orderId }: { session: StaffSession; orderId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const kitchen = useQuery({
    queryKey: ['pos', 'kitchen-order', orderId],
    queryFn: () => session.api.get<KitchenOrder>(`/kds/orders/${orderId}`),
  });
  const fire = useMutation({
    mutationFn: (course: number) => session.api.post(`/kds/orders/${orderId}/fire`, { course }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pos'] }),
  });
  if (kitchen.error) return <ErrorState error={kitchen.error} onRetry={() => kitchen.refetch()} />;
  const held = [
    ...new Set(
      (kitchen.data?.tickets ?? [])
        .filter((ticket) => ticket.status === 'held')
        .map((ticket) => ticket.course),
    ),
  ].sort();
  if (held.length === 0) return null;
  return (
    <div className="mt-2 flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {held.map((course) => (
          <button
            key={course}
            type="button"
            disabled={fire.isPending}
            onClick={() => fire.mutate(course)}
            className={buttonClass()}
          >
            {t('pos.fire_course', { course })}
          </button>
        ))}
      </div>
      {fire.error && <ErrorState error={fire.error} />}
    </div>
  );
}
