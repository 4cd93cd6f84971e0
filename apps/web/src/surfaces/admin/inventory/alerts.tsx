import type { UseQueryResult } from '@tanstack/react-query';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import { QueryState } from '../../../ui/states.js';
import { Badge, Panel, useFormats } from './parts.js';
import type { Alerts } from './types.js';

/** What needs attention: short or negative levels, low stock, lots near or past expiry. */
export function AlertsPanel({
  alerts,
  restaurant,
}: {
  alerts: UseQueryResult<Alerts>;
  restaurant: Restaurant;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  return (
    <Panel title={t('inventory.alerts')}>
      <QueryState query={alerts}>
        {({ flagged, low_stock, expiring_lots }) =>
          flagged.length + low_stock.length + expiring_lots.length === 0 ? (
            <p className="text-green-900">{t('inventory.no_alerts')}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {flagged.map((level) => (
                <li key={`flagged-${level.ingredient_id}`} className="flex flex-wrap items-center gap-2">
                  <Badge tone="red">
                    {level.quantity < 0 ? t('inventory.negative') : t('inventory.short')}
                  </Badge>
                  {level.name} · {format.quantity(level.quantity, level.unit)}
                </li>
              ))}
              {low_stock.map((level) => (
                <li key={`low-${level.ingredient_id}`} className="flex flex-wrap items-center gap-2">
                  <Badge tone="amber">{t('inventory.low_stock')}</Badge>
                  {t('inventory.low_alert', {
                    name: level.name,
                    quantity: format.quantity(level.quantity, level.unit),
                    reorder: format.quantity(level.reorder_point, level.unit),
                  })}
                </li>
              ))}
              {expiring_lots.map((lot) => (
                <li key={lot.lot_id} className="flex flex-wrap items-center gap-2">
                  <Badge tone={lot.expired ? 'red' : 'amber'}>
                    {lot.expired ? t('inventory.expired') : t('inventory.expiring')}
                  </Badge>
                  {t('inventory.lot_alert', {
                    name: lot.name,
                    lot: lot.lot_code ?? '—',
                    quantity: format.quantity(lot.remaining, lot.unit),
                    date: format.date(lot.expires_on),
                  })}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Panel>
  );
}
