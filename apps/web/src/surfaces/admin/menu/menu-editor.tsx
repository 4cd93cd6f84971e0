import { type ComponentType, useState } from 'react';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { ErrorState, Loading } from '../../../ui/states.js';
import { CategoriesPanel } from './categories-panel.js';
import { ItemEditor, type RecipeEditorProps } from './item-editor.js';
import { ItemsPanel } from './items-panel.js';
import {
  type MenuItem,
  type ModifierGroup,
  useCategories,
  useMenuItems,
  useMenuLive,
  useModifierGroups,
} from './menu-data.js';
import { ModifierGroupEditor } from './modifier-group-editor.js';
import { ModifierGroupsPanel } from './modifier-groups-panel.js';
import { PublishBar } from './publish-bar.js';

type Editing =
  | { kind: 'item'; item: MenuItem | null; categoryId: string }
  | { kind: 'group'; group: ModifierGroup | null }
  | null;

/**
 * The menu section of the back office: the draft's categories, items (with their 86 switches)
 * and modifier groups, edited in place; publishing turns the draft into what guests see.
 * `RecipeEditor` is the slot for the inventory's recipe editor inside the item editor.
 */
export function MenuEditor({
  session,
  restaurant,
  RecipeEditor,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  RecipeEditor?: ComponentType<RecipeEditorProps>;
}) {
  const { t } = useI18n();
  const categories = useCategories(session);
  const items = useMenuItems(session);
  const groups = useModifierGroups(session);
  useMenuLive(session);
  const [editing, setEditing] = useState<Editing>(null);
  const queries = [categories, items, groups];
  const failed = queries.find((query) => query.error);
  if (failed)
    return (
      <ErrorState
        error={failed.error}
        onRetry={() => {
          for (const query of queries) void query.refetch();
        }}
      />
    );
  if (!categories.data || !items.data || !groups.data) return <Loading />;
  const draft = { categories: categories.data, items: items.data, groups: groups.data };
  const close = () => setEditing(null);

  return (
    <div className="flex flex-col gap-4">
      <h2 className="sr-only">{t('backoffice.menu')}</h2>
      <PublishBar session={session} draft={draft} timeZone={restaurant.timezone} />
      {editing?.kind === 'item' ? (
        <ItemEditor
          key={editing.item?.id ?? 'new'}
          session={session}
          restaurant={restaurant}
          item={editing.item}
          categories={draft.categories}
          groups={draft.groups}
          defaultCategoryId={editing.categoryId}
          onDone={close}
          RecipeEditor={RecipeEditor}
        />
      ) : editing?.kind === 'group' ? (
        <ModifierGroupEditor
          key={editing.group?.id ?? 'new'}
          session={session}
          currency={restaurant.currency}
          group={editing.group}
          groups={draft.groups}
          onDone={close}
        />
      ) : (
        <>
          <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
            <CategoriesPanel session={session} categories={draft.categories} />
            <section
              aria-labelledby="items-title"
              className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow"
            >
              <h2 id="items-title" className="text-xl font-semibold">
                {t('backoffice.items')}
              </h2>
              <ItemsPanel
                session={session}
                currency={restaurant.currency}
                categories={draft.categories}
                items={draft.items}
                onEdit={(item) => setEditing({ kind: 'item', item, categoryId: item.category_id })}
                onCreate={(categoryId) => setEditing({ kind: 'item', item: null, categoryId })}
              />
            </section>
          </div>
          <ModifierGroupsPanel
            session={session}
            currency={restaurant.currency}
            groups={draft.groups}
            onEdit={(group) => setEditing({ kind: 'group', group })}
            onCreate={() => setEditing({ kind: 'group', group: null })}
          />
        </>
      )}
    </div>
  );
}
