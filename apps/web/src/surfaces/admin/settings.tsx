import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { buttonClass, CheckboxField, FormProblem, SelectField, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { fieldErrors } from '../../ui/problem.js';
import type { Restaurant } from '../../ui/restaurant.js';
import type { StaffSession } from '../../ui/staff.js';
import { QueryState } from '../../ui/states.js';

interface TaxRate {
  category: string;
  name: string;
  rate_bps: number;
}

interface RestaurantSettings {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  tax: { prices_include_tax: boolean; default_category: string; rates: TaxRate[] };
}

/** A rate as typed: the percentage stays text until it is checked. */
interface RateDraft {
  key: number;
  category: string;
  name: string;
  percent: string;
}

const categoryPattern = /^[a-z][a-z0-9_]{0,39}$/;
const percentPattern = /^\d{1,3}([.,]\d{1,2})?$/;
const toBps = (percent: string) => Math.round(Number(percent.replace(',', '.')) * 100);

/** The restaurant's name, currency, time zone and tax (`GET/PATCH /restaurants/{id}`). */
export function Settings({ session, restaurant }: { session: StaffSession; restaurant: Restaurant }) {
  const settings = useQuery({
    queryKey: ['restaurant', restaurant.id, 'settings'],
    queryFn: () => session.api.get<RestaurantSettings>(`/restaurants/${restaurant.id}`),
  });
  return (
    <QueryState query={settings}>
      {(current) => <SettingsForm key={current.id} session={session} current={current} />}
    </QueryState>
  );
}

function useChoices(current: RestaurantSettings) {
  const { locale } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'currency' });
    const withCurrent = (values: string[], value: string) =>
      values.includes(value) ? values : [value, ...values];
    return {
      currencies: withCurrent(Intl.supportedValuesOf('currency'), current.currency).map(
        (code) => [code, `${code} · ${names.of(code) ?? code}`] as const,
      ),
      timeZones: withCurrent(Intl.supportedValuesOf('timeZone'), current.timezone).map(
        (zone) => [zone, zone.replaceAll('_', ' ')] as const,
      ),
    };
  }, [locale, current.currency, current.timezone]);
}

function SettingsForm({ session, current }: { session: StaffSession; current: RestaurantSettings }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const choices = useChoices(current);
  const [name, setName] = useState(current.name);
  const [currency, setCurrency] = useState(current.currency);
  const [timezone, setTimezone] = useState(current.timezone);
  const [included, setIncluded] = useState(current.tax.prices_include_tax);
  const [defaultCategory, setDefaultCategory] = useState(current.tax.default_category);
  const [rates, setRates] = useState<RateDraft[]>(() =>
    current.tax.rates.map((rate, key) => ({ ...rate, key, percent: String(rate.rate_bps / 100) })),
  );
  const [checks, setChecks] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Omit<RestaurantSettings, 'id'>) =>
      session.api.patch(`/restaurants/${current.id}`, body),
    // Every screen's restaurant (the header's name, money and dates) follows.
    onSuccess: () => client.invalidateQueries({ queryKey: ['restaurant'] }),
  });
  const server = fieldErrors(save.error);
  const errorOf = (field: string) => checks[field] ?? server[field] ?? null;
  const categories = [...new Set(rates.map((rate) => rate.category.trim()).filter(Boolean))];

  const changeRate = (key: number, change: Partial<RateDraft>) =>
    setRates((all) => all.map((rate) => (rate.key === key ? { ...rate, ...change } : rate)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('form.required');
    rates.forEach((rate, index) => {
      if (!rate.name.trim()) found[`rate.${index}.name`] = t('form.required');
      if (!categoryPattern.test(rate.category.trim()))
        found[`rate.${index}.category`] = t('admin.category_invalid');
      if (!percentPattern.test(rate.percent.trim()) || toBps(rate.percent.trim()) > 10_000)
        found[`rate.${index}.percent`] = t('admin.percent_invalid');
    });
    if (rates.length === 0) found.rates = t('admin.rates_required');
    else if (categories.length !== rates.length) found.rates = t('admin.categories_unique');
    else if (!categories.includes(defaultCategory))
      found.default_category = t('admin.default_category_invalid');
    setChecks(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({
      name: name.trim(),
      currency,
      timezone,
      tax: {
        prices_include_tax: included,
        default_category: defaultCategory,
        rates: rates.map((rate) => ({
          category: rate.category.trim(),
          name: rate.name.trim(),
          rate_bps: toBps(rate.percent.trim()),
        })),
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <section
        aria-labelledby="settings-restaurant"
        className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow"
      >
        <h2 id="settings-restaurant" className="text-lg font-bold">
          {t('admin.restaurant')}
        </h2>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          <TextField
            label={t('admin.restaurant_name')}
            value={name}
            onValue={setName}
            error={errorOf('name')}
          />
          <SelectField
            label={t('admin.currency')}
            hint={t('admin.currency_hint')}
            value={currency}
            onValue={setCurrency}
            options={choices.currencies}
            error={errorOf('currency')}
          />
          <SelectField
            label={t('admin.timezone')}
            value={timezone}
            onValue={setTimezone}
            options={choices.timeZones}
            error={errorOf('timezone')}
          />
        </div>
      </section>

      <section aria-labelledby="settings-tax" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
        <h2 id="settings-tax" className="text-lg font-bold">
          {t('admin.tax')}
        </h2>
        <CheckboxField label={t('admin.prices_include_tax')} checked={included} onChecked={setIncluded} />
        <ul className="flex flex-col gap-3">
          {rates.map((rate, index) => (
            <li key={rate.key} className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[2fr_2fr_1fr_auto]">
              <TextField
                label={t('admin.rate_name')}
                value={rate.name}
                onValue={(value) => changeRate(rate.key, { name: value })}
                error={errorOf(`rate.${index}.name`)}
              />
              <TextField
                label={t('admin.rate_category')}
                value={rate.category}
                onValue={(value) => changeRate(rate.key, { category: value })}
                error={errorOf(`rate.${index}.category`)}
              />
              <TextField
                label={t('admin.rate_percent')}
                inputMode="decimal"
                value={rate.percent}
                onValue={(value) => changeRate(rate.key, { percent: value })}
                error={errorOf(`rate.${index}.percent`)}
              />
              <button
                type="button"
                className={`${buttonClass('secondary')} sm:mt-7`}
                aria-label={t('admin.remove_rate', { name: rate.name || rate.category || String(index + 1) })}
                onClick={() => setRates((all) => all.filter((other) => other.key !== rate.key))}
              >
                {t('admin.remove')}
              </button>
            </li>
          ))}
        </ul>
        {errorOf('rates') && (
          <p role="alert" className="text-sm text-red-800">
            {errorOf('rates')}
          </p>
        )}
        <div>
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={() =>
              setRates((all) => [
                ...all,
                {
                  key: Math.max(-1, ...all.map((rate) => rate.key)) + 1,
                  category: '',
                  name: '',
                  percent: '',
                },
              ])
            }
          >
            {t('admin.add_rate')}
          </button>
        </div>
        {categories.length > 0 && (
          <div className="max-w-xs">
            <SelectField
              label={t('admin.default_category')}
              hint={t('admin.default_category_hint')}
              value={categories.includes(defaultCategory) ? defaultCategory : ''}
              onValue={setDefaultCategory}
              options={[
                ...(categories.includes(defaultCategory) ? [] : [['', '—'] as const]),
                ...categories.map((category) => [category, category] as const),
              ]}
              error={errorOf('default_category')}
            />
          </div>
        )}
      </section>

      {save.error !== null && <FormProblem error={save.error} inline={['name', 'currency', 'timezone']} />}
      {save.isSuccess && (
        <p role="status" className="text-green-900">
          {t('admin.saved')}
        </p>
      )}
      <div>
        <button type="submit" className={buttonClass()} disabled={save.isPending}>
          {t('admin.save')}
        </button>
      </div>
    </form>
  );
}
