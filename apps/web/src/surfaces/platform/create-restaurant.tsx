import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../ui/api.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { fieldErrors } from '../../ui/problem.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';

interface Draft {
  name: string;
  slug: string;
  timezone: string;
  currency: string;
  tax_name: string;
  tax_percent: string;
  prices_include_tax: boolean;
}

const slugPattern = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

function validTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

function validCurrency(code: string) {
  try {
    return (
      /^[A-Z]{3}$/.test(code) &&
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(1) !== ''
    );
  } catch {
    return false;
  }
}

/** What the form checks before sending; the server's own field errors are shown the same way. */
export function validateRestaurant(draft: Draft): Partial<Record<keyof Draft, MessageKey>> {
  const errors: Partial<Record<keyof Draft, MessageKey>> = {};
  if (!draft.name.trim()) errors.name = 'form.required';
  if (!slugPattern.test(draft.slug)) errors.slug = 'platform.slug_invalid';
  if (!validTimeZone(draft.timezone)) errors.timezone = 'platform.timezone_invalid';
  if (!validCurrency(draft.currency)) errors.currency = 'platform.currency_invalid';
  if (!draft.tax_name.trim()) errors.tax_name = 'form.required';
  const percent = Number(draft.tax_percent);
  if (draft.tax_percent === '' || !Number.isFinite(percent) || percent < 0 || percent > 100)
    errors.tax_percent = 'platform.tax_invalid';
  return errors;
}

/** The server names fields by their path in the body; the form by its inputs. */
const serverField: Record<string, keyof Draft> = {
  name: 'name',
  slug: 'slug',
  timezone: 'timezone',
  currency: 'currency',
  'tax.rates.0.name': 'tax_name',
  'tax.rates[0].name': 'tax_name',
  'tax.rates.0.rate_bps': 'tax_percent',
  'tax.rates[0].rate_bps': 'tax_percent',
};

export function CreateRestaurant({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    name: '',
    slug: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    currency: 'EUR',
    tax_name: 'VAT',
    tax_percent: '10',
    prices_include_tax: true,
  });
  const [checked, setChecked] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const create = useMutation({
    mutationFn: (body: unknown) => session.api.post('/restaurants', body, keyFor(body)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['restaurants'] });
      setChecked(false);
      setDraft((current) => ({ ...current, name: '', slug: '' }));
    },
  });
  const local = checked ? validateRestaurant(draft) : {};
  const server: Partial<Record<keyof Draft, string>> = {};
  for (const [field, message] of Object.entries(fieldErrors(create.error))) {
    const name = serverField[field];
    if (name) server[name] = message;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(validateRestaurant(draft)).length > 0) return;
    create.mutate({
      name: draft.name.trim(),
      slug: draft.slug,
      timezone: draft.timezone,
      currency: draft.currency,
      tax: {
        prices_include_tax: draft.prices_include_tax,
        default_category: 'standard',
        rates: [
          {
            category: 'standard',
            name: draft.tax_name.trim(),
            rate_bps: Math.round(Number(draft.tax_percent) * 100),
          },
        ],
      },
    });
  }

  const field = (name: keyof Draft, label: MessageKey, extra: { placeholder?: string } = {}) => {
    const error = local[name] ? t(local[name]) : server[name];
    const id = `restaurant-${name}`;
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="font-medium">
          {t(label)}
        </label>
        <input
          id={id}
          value={String(draft[name])}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setDraft((current) => ({ ...current, [name]: event.target.value }))}
          className={`rounded-md border px-3 ${error ? 'border-red-700' : 'border-stone-400'}`}
          {...extra}
        />
        {error && (
          <span id={`${id}-error`} className="text-sm text-red-800">
            {error}
          </span>
        )}
      </div>
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="new-restaurant"
      className="mb-6 grid grid-cols-1 gap-3 rounded-xl bg-white p-4 shadow md:grid-cols-3"
    >
      <h2 id="new-restaurant" className="text-xl font-semibold md:col-span-3">
        {t('platform.new_restaurant')}
      </h2>
      {field('name', 'platform.name')}
      {field('slug', 'platform.slug', { placeholder: 'my-cafe' })}
      {field('timezone', 'platform.timezone')}
      {field('currency', 'platform.currency')}
      {field('tax_name', 'platform.tax_name')}
      {field('tax_percent', 'platform.tax_percent')}
      <label className="flex items-center gap-2 md:col-span-2">
        <input
          type="checkbox"
          className="h-5 w-5"
          checked={draft.prices_include_tax}
          onChange={(event) =>
            setDraft((current) => ({ ...current, prices_include_tax: event.target.checked }))
          }
        />
        <span>{t('platform.prices_include_tax')}</span>
      </label>
      <button
        type="submit"
        disabled={create.isPending}
        className="rounded-md bg-amber-800 px-4 font-semibold text-white disabled:opacity-60"
      >
        {t('platform.create')}
      </button>
      {create.error !== null && Object.keys(server).length === 0 && (
        <div className="md:col-span-3">
          <ErrorState error={create.error} />
        </div>
      )}
    </form>
  );
}
