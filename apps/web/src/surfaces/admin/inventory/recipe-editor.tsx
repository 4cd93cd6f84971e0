import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, Loading } from '../../../ui/states.js';
import { type MenuItemSummary, type ModifierGroupSummary, recipeTargets } from './menu-targets.js';
import { inventoryKey, useIngredients } from './parts.js';
import { RecipeLines } from './recipe-lines.js';
import type { Page, Recipe } from './types.js';

/**
 * The recipes of one menu item: the item's own, each variant's (replacing the item's) and each
 * modifier option's (adding to it). Embeddable anywhere a menu item is edited.
 */
export function RecipeEditor({
  session,
  restaurant,
  itemId,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  itemId: string;
}) {
  const { t } = useI18n();
  const item = useQuery({
    queryKey: ['menu', 'item', itemId],
    queryFn: () => session.api.get<MenuItemSummary>(`/menu/items/${itemId}`),
  });
  const groups = useQuery({
    queryKey: ['menu', 'modifier-groups'],
    queryFn: async () =>
      (await session.api.get<Page<ModifierGroupSummary>>('/menu/modifier-groups?limit=200')).data,
  });
  const recipes = useQuery({
    queryKey: [...inventoryKey, 'recipes'],
    queryFn: () => session.api.get<Recipe[]>('/inventory/recipes'),
  });
  const ingredients = useIngredients(session);
  const queries = [item, groups, recipes, ingredients];
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
  if (!item.data || !groups.data || !recipes.data || !ingredients.data) return <Loading />;
  if (ingredients.data.length === 0) return <Empty>{t('inventory.recipes_need_ingredients')}</Empty>;

  const recipeOf = (kind: string, id: string) =>
    recipes.data.find((recipe) => recipe.kind === kind && recipe.target_id === id);
  return (
    <div className="flex flex-col gap-3">
      {item.data.variants.length > 0 && (
        <p className="text-sm text-stone-700">{t('inventory.variant_hint')}</p>
      )}
      {recipeTargets(item.data, groups.data).map((target) => (
        <RecipeLines
          key={`${target.kind}-${target.id}`}
          session={session}
          restaurant={restaurant}
          kind={target.kind}
          targetId={target.id}
          title={target.title}
          recipe={recipeOf(target.kind, target.id)}
          ingredients={ingredients.data}
        />
      ))}
    </div>
  );
}
