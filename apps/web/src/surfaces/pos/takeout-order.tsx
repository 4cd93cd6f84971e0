import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useRef, useState } from 'react';
import { idempotencyKeys } from '../../ui/api.js';
import { buttonClass, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { orderLines } from '../../ui/menu/types.js';
import { fieldErrors } from '../../ui/problem.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import { CheckSheet } from './check-sheet.js';
import { MenuPicker, RoundItemSheet, RoundLines, useLiveMenu, useRound } from './order-builder.js';
import { Segment } from './segment.js';
import type { Order } from './types.js';

const channels = ['takeout', 'delivery'] as const;
type Channel = (typeof channels)[number];
const phonePattern = /^\+?[0-9 ()-]{6,20}$/;

const blank = { name: '', phone: '', line1: '', city: '', postal_code: '', instructions: '', notes: '' };
type Details = typeof blank;

/** A takeout or delivery order taken at the counter or on the phone, then paid or sent. */
export function TakeoutOrder({
  session,
  restaurant,
  money,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  money: (minor: number) => string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const menu = useLiveMenu(session, restaurant);
  const round = useRound();
  const [channel, setChannel] = useState<Channel>('takeout');
  const [details, setDetails] = useState<Details>(blank);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [placed, setPlaced] = useState<Order | null>(null);
  const [paying, setPaying] = useState(false);
  const closePayment = useCallback(() => setPaying(false), []);
  const keyFor = useRef(idempotencyKeys());
  const set = (field: keyof Details) => (value: string) =>
    setDetails((current) => ({ ...current, [field]: value }));

  const place = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      session.api.post<Order>('/orders', body, keyFor.current(body)),
    onSuccess: (order) => {
      setPlaced(order);
      round.clear();
      setDetails(blank);
      void client.invalidateQueries({ queryKey: ['pos'] });
    },
  });
  const server = fieldErrors(place.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!details.name.trim()) problems.name = t('form.required');
    if (details.phone.trim() ? !phonePattern.test(details.phone.trim()) : channel === 'delivery')
      problems.phone = t('pos.phone_invalid');
    if (channel === 'delivery' && !details.line1.trim()) problems.line1 = t('form.required');
    if (channel === 'delivery' && !details.city.trim()) problems.city = t('form.required');
    if (round.lines.length === 0) problems.lines = t('pos.round_empty');
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    const trimmed = (value: string) => value.trim() || undefined;
    place.mutate({
      channel,
      customer: { name: details.name.trim(), phone: trimmed(details.phone) },
      ...(channel === 'delivery' && {
        delivery_address: {
          line1: details.line1.trim(),
          city: details.city.trim(),
          postal_code: trimmed(details.postal_code),
          instructions: trimmed(details.instructions),
        },
      }),
      notes: trimmed(details.notes),
      lines: orderLines(round.lines),
    });
  }

  if (round.picking && menu.data) return <RoundItemSheet round={round} menu={menu.data} money={money} />;
  return (
    <div className="flex flex-col gap-4 p-4 lg:flex-row">
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby="takeout-heading"
        className="flex w-full flex-col gap-3 rounded-xl bg-white p-4 shadow lg:w-[26rem]"
      >
        <h2 id="takeout-heading" className="text-xl font-bold">
          {t('pos.new_order')}
        </h2>
        {placed && (
          <div
            role="status"
            className="flex flex-col gap-2 rounded-lg border border-green-700 bg-green-50 p-3"
          >
            <p className="font-semibold">{t('pos.order_placed', { number: placed.number })}</p>
            <button type="button" className={buttonClass()} onClick={() => setPaying(true)}>
              {t('pos.take_payment', { amount: money(placed.total) })}
            </button>
          </div>
        )}
        <fieldset>
          <legend className="mb-1 font-semibold">{t('pos.order_type')}</legend>
          <div className="flex gap-2">
            {channels.map((entry) => (
              <Segment
                key={entry}
                name="channel"
                checked={channel === entry}
                onChange={() => setChannel(entry)}
              >
                {t(`channel.${entry}`)}
              </Segment>
            ))}
          </div>
        </fieldset>
        <TextField
          label={t('pos.customer_name')}
          autoComplete="off"
          value={details.name}
          onValue={set('name')}
          error={invalid.name ?? server['customer.name']}
        />
        <TextField
          label={channel === 'delivery' ? t('pos.customer_phone') : t('pos.customer_phone_optional')}
          type="tel"
          autoComplete="off"
          value={details.phone}
          onValue={set('phone')}
          error={invalid.phone ?? server['customer.phone']}
        />
        {channel === 'delivery' && (
          <>
            <TextField
              label={t('pos.address_line1')}
              value={details.line1}
              onValue={set('line1')}
              error={invalid.line1 ?? server['delivery_address.line1']}
            />
            <TextField
              label={t('pos.address_city')}
              value={details.city}
              onValue={set('city')}
              error={invalid.city ?? server['delivery_address.city']}
            />
            <TextField
              label={t('pos.address_postal_code')}
              value={details.postal_code}
              onValue={set('postal_code')}
              error={server['delivery_address.postal_code']}
            />
            <TextField
              label={t('pos.address_instructions')}
              value={details.instructions}
              onValue={set('instructions')}
              error={server['delivery_address.instructions']}
            />
          </>
        )}
        <TextField
          label={t('guest.order_notes')}
          value={details.notes}
          onValue={set('notes')}
          maxLength={500}
        />
        <RoundLines round={round} seats={null} money={money} />
        {invalid.lines && round.lines.length === 0 && (
          <p role="alert" className="text-sm text-red-800">
            {invalid.lines}
          </p>
        )}
        {place.error && <ErrorState error={place.error} />}
        <button
          type="submit"
          disabled={place.isPending}
          className={`${buttonClass()} flex justify-between py-3 text-lg`}
        >
          <span>{place.isPending ? t('guest.placing') : t('guest.place_order')}</span>
          <span>{money(round.total)}</span>
        </button>
      </form>
      <section aria-label={t('pos.menu')} className="flex-1">
        <MenuPicker menu={menu} money={money} onPick={round.pick} />
      </section>
      {paying && placed && (
        <CheckSheet session={session} source={{ order_id: placed.id }} money={money} onClose={closePayment} />
      )}
    </div>
  );
}
