import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../ui/i18n.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import { menuKeys } from './menu/menu-data.js';

/**
 * The 86 switch of a menu item or modifier option: sold out / available, effective at once on
 * the guest menu (no publish needed). `path` is the item's or option's availability endpoint.
 */
export function AvailabilitySwitch({
  session,
  name,
  available,
  path,
}: {
  session: StaffSession;
  name: string;
  available: boolean;
  path: string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => session.api.post(path, { available: !available }),
    onSettled: () => client.invalidateQueries({ queryKey: menuKeys.all }),
  });
  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={available}
        aria-label={available ? t('admin.mark_sold_out', { name }) : t('admin.mark_available', { name })}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate()}
        className={`min-w-40 rounded-full px-4 font-semibold ${available ? 'bg-green-100 text-green-900' : 'bg-red-100 text-red-900'}`}
      >
        {available ? t('admin.available') : t('admin.sold_out')}
      </button>
      {toggle.error && <ErrorState error={toggle.error} />}
    </>
  );
}

export const itemAvailabilityPath = (id: string) => `/menu/items/${id}/availability`;
export const optionAvailabilityPath = (id: string) => `/menu/modifier-options/${id}/availability`;
