import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../../ui/i18n.js';
import { LiveIndicator } from '../../../ui/staff.js';
import type { SectionProps } from '../section.js';
import { AlertsPanel } from './alerts.js';
import { IngredientForm } from './ingredient-form.js';
import { IngredientSheet } from './ingredient-sheet.js';
import { LevelsPanel } from './levels.js';
import { MovementsList } from './movements.js';
import { inventoryKey, Panel, useInventoryLive } from './parts.js';
import { SettingsPanel } from './settings.js';
import type { Alerts } from './types.js';

/** The "Stock" section: alerts, levels, one ingredient at a time, every movement, the settings. */
export function StockScreen({ session, restaurant }: SectionProps) {
  const { t } = useI18n();
  const live = useInventoryLive(session);
  const [managing, setManaging] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const alerts = useQuery({
    queryKey: [...inventoryKey, 'alerts'],
    queryFn: () => session.api.get<Alerts>('/inventory/alerts'),
  });
  const expiring = new Set(alerts.data?.expiring_lots.map((lot) => lot.ingredient_id));
  return (
    <div className="flex flex-col gap-4">
      <div className="flex justify-end">
        <LiveIndicator status={live} />
      </div>
      <AlertsPanel alerts={alerts} restaurant={restaurant} />
      <LevelsPanel
        session={session}
        restaurant={restaurant}
        expiring={expiring}
        onManage={setManaging}
        onCreate={() => setCreating(true)}
      />
      <Panel title={t('inventory.all_movements')}>
        <MovementsList session={session} restaurant={restaurant} />
      </Panel>
      <SettingsPanel session={session} />
      {managing && (
        <IngredientSheet
          session={session}
          restaurant={restaurant}
          ingredientId={managing}
          onClose={() => setManaging(null)}
        />
      )}
      {creating && (
        <IngredientForm session={session} restaurant={restaurant} onDone={() => setCreating(false)} />
      )}
    </div>
  );
}
