import { buttonClass } from '../../../ui/form.js';
import { formatMoney } from '../../../ui/format.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty } from '../../../ui/states.js';
import { AvailabilitySwitch, itemAvailabilityPath } from '../menu-availability.js';
import type { Category, MenuItem } from './menu-data.js';

/** The draft's items by category, each with its 86 switch and an edit button. */
export function ItemsPanel({
  session,
  currency,
  categories,
  items,
  onEdit,
  onCreate,
}: {
  session: StaffSession;
  currency: string;
  categories: Category[];
  items: MenuItem[];
  onEdit: (item: MenuItem) => void;
  onCreate: (categoryId: string) => void;
}) {
  const { t, locale } = useI18n();
  if (categories.length === 0) return <Empty>{t('backoffice.no_categories')}</Empty>;
  return (
    <div className="flex flex-col gap-6">
      {categories.map((category) => {
        const inCategory = items
          .filter((item) => item.category_id === category.id)
          .sort((a, b) => a.position - b.position);
        return (
          <section key={category.id} aria-labelledby={`items-${category.id}`} className="flex flex-col gap-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 id={`items-${category.id}`} className="text-lg font-semibold">
                {category.name}
              </h3>
              <button
                type="button"
                className={buttonClass('secondary')}
                onClick={() => onCreate(category.id)}
                aria-label={t('backoffice.add_item_to', { category: category.name })}
              >
                {t('backoffice.add_item')}
              </button>
            </div>
            {inCategory.length === 0 ? (
              <Empty>{t('admin.no_items')}</Empty>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left">
                  <thead>
                    <tr className="border-b border-stone-300">
                      <th scope="col" className="py-2">
                        {t('admin.item')}
                      </th>
                      <th scope="col">{t('admin.price')}</th>
                      <th scope="col">{t('admin.availability')}</th>
                      <th scope="col">
                        <span className="sr-only">{t('backoffice.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {inCategory.map((item) => (
                      <tr key={item.id} className="border-b border-stone-100">
                        <td className="py-1 font-medium">
                          {item.name}
                          {item.variants.length > 0 && (
                            <span className="block text-sm font-normal text-stone-600">
                              {item.variants.map((variant) => variant.name).join(' · ')}
                            </span>
                          )}
                        </td>
                        <td>
                          {item.variants.length > 0
                            ? item.variants
                                .map((variant) => formatMoney(variant.price, currency, locale))
                                .join(' / ')
                            : formatMoney(item.price, currency, locale)}
                        </td>
                        <td>
                          <AvailabilitySwitch
                            session={session}
                            name={item.name}
                            available={item.is_available}
                            path={itemAvailabilityPath(item.id)}
                          />
                        </td>
                        <td className="text-right">
                          <button
                            type="button"
                            className={buttonClass('secondary')}
                            onClick={() => onEdit(item)}
                            aria-label={t('backoffice.edit_item', { name: item.name })}
                          >
                            {t('backoffice.edit')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
