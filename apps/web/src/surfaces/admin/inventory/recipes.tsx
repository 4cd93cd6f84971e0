import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SelectField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import { Empty, QueryState } from '../../../ui/states.js';
import type { SectionProps } from '../section.js';
import type { MenuItemSummary } from './menu-targets.js';
import { Panel } from './parts.js';
import { RecipeEditor } from './recipe-editor.js';
import type { Page } from './types.js';

/** The "Recipes" section: choose a menu item, edit what each portion of it takes from stock. */
export function RecipesScreen({ session, restaurant }: SectionProps) {
  const { t } = useI18n();
  const [itemId, setItemId] = useState('');
  const items = useQuery({
    queryKey: ['menu', 'items'],
    queryFn: () => session.api.get<Page<MenuItemSummary>>('/menu/items?limit=200'),
  });
  return (
    <Panel title={t('inventory.recipes')}>
      <QueryState query={items}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('inventory.no_menu_items')}</Empty>
          ) : (
            <div className="flex flex-col gap-4">
              <div className="max-w-md">
                <SelectField
                  label={t('inventory.menu_item')}
                  value={itemId}
                  onValue={setItemId}
                  options={[
                    ['', t('inventory.choose_item')],
                    ...page.data.map((item) => [item.id, item.name] as const),
                  ]}
                />
              </div>
              {itemId ? (
                <RecipeEditor key={itemId} session={session} restaurant={restaurant} itemId={itemId} />
              ) : (
                <Empty>{t('inventory.choose_item_hint')}</Empty>
              )}
            </div>
          )
        }
      </QueryState>
    </Panel>
  );
}
