import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, CheckboxField, SelectField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../../ui/states.js';
import { Badge, inventoryKey, Panel, useFormats, useInventoryWrite, useSuppliers } from './parts.js';
import { PurchaseOrderForm } from './purchase-order-form.js';
import { ReceiveForm } from './receive-form.js';
import { type Page, type PurchaseOrder, type PurchaseOrderStatus, purchaseOrderStatuses } from './types.js';

const statusTone: Record<PurchaseOrderStatus, 'stone' | 'amber' | 'green'> = {
  draft: 'stone',
  sent: 'amber',
  partially_received: 'amber',
  received: 'green',
  closed: 'stone',
  cancelled: 'stone',
};

/** Purchase orders: suggest one from reorder points, write a draft, send, receive, close. */
export function PurchaseOrdersPanel({
  session,
  restaurant,
}: {
  session: StaffSession;
  restaurant: Restaurant;
}) {
  const { t } = useI18n();
  const suppliers = useSuppliers(session);
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<PurchaseOrder | null>(null);
  const orders = useQuery({
    queryKey: [...inventoryKey, 'purchase-orders', status],
    queryFn: () =>
      session.api.get<Page<PurchaseOrder>>(
        `/inventory/purchase-orders?limit=100${status ? `&status=${status}` : ''}`,
      ),
  });
  const supplierName = (id: string) => suppliers.data?.find((supplier) => supplier.id === id)?.name ?? '…';

  return (
    <Panel
      title={t('inventory.purchase_orders')}
      actions={
        <button type="button" className={buttonClass()} onClick={() => setCreating(true)}>
          {t('inventory.new_purchase_order')}
        </button>
      }
    >
      <SuggestForm session={session} />
      <div className="max-w-xs">
        <SelectField
          label={t('inventory.status')}
          value={status}
          onValue={setStatus}
          options={[
            ['', t('inventory.all_statuses')],
            ...purchaseOrderStatuses.map((key) => [key, t(`inventory.po.${key}`)] as const),
          ]}
        />
      </div>
      <QueryState query={orders}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('inventory.no_purchase_orders')}</Empty>
          ) : (
            <ul className="flex flex-col gap-3">
              {page.data.map((order) => (
                <PurchaseOrderCard
                  key={order.id}
                  session={session}
                  restaurant={restaurant}
                  order={order}
                  supplier={supplierName(order.supplier_id)}
                  onReceive={() => setReceiving(order)}
                />
              ))}
            </ul>
          )
        }
      </QueryState>
      {creating && (
        <PurchaseOrderForm session={session} restaurant={restaurant} onDone={() => setCreating(false)} />
      )}
      {receiving && (
        <ReceiveForm
          session={session}
          restaurant={restaurant}
          order={receiving}
          onDone={() => setReceiving(null)}
        />
      )}
    </Panel>
  );
}

function SuggestForm({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const suppliers = useSuppliers(session);
  const [supplierId, setSupplierId] = useState('');
  const [unassigned, setUnassigned] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const suggest = useInventoryWrite((body: { supplier_id: string; include_unassigned: boolean }) =>
    session.api.post<PurchaseOrder>('/inventory/purchase-orders/suggest', body),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvalid(supplierId ? null : t('form.required'));
    if (supplierId) suggest.mutate({ supplier_id: supplierId, include_unassigned: unassigned });
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3 rounded-lg bg-stone-50 p-3">
      <div className="min-w-56">
        <SelectField
          label={t('inventory.suggest_for')}
          value={supplierId}
          onValue={setSupplierId}
          options={[
            ['', t('inventory.choose_supplier')],
            ...(suppliers.data ?? []).map((s) => [s.id, s.name] as const),
          ]}
          error={invalid}
        />
      </div>
      <CheckboxField
        label={t('inventory.include_unassigned')}
        checked={unassigned}
        onChecked={setUnassigned}
      />
      <button type="submit" className={buttonClass('secondary')} disabled={suggest.isPending}>
        {t('inventory.suggest')}
      </button>
      {suggest.isSuccess && <p role="status">{t('inventory.suggested')}</p>}
      {suggest.error && (
        <div className="w-full">
          <ErrorState error={suggest.error} />
        </div>
      )}
    </form>
  );
}

function PurchaseOrderCard({
  session,
  restaurant,
  order,
  supplier,
  onReceive,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  order: PurchaseOrder;
  supplier: string;
  onReceive: () => void;
}) {
  const { t } = useI18n();
  const format = useFormats(restaurant);
  const act = useInventoryWrite((action: 'send' | 'close') =>
    session.api.post(`/inventory/purchase-orders/${order.id}/${action}`),
  );
  const receivable = order.status === 'sent' || order.status === 'partially_received';
  const closable = order.status !== 'closed' && order.status !== 'cancelled';
  return (
    <li
      className="flex flex-col gap-2 rounded-lg border border-stone-200 p-3"
      data-purchase-order={order.status}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-auto font-semibold">
          {supplier} · {format.dateTime(order.created_at)}
        </h3>
        <Badge tone={statusTone[order.status]}>{t(`inventory.po.${order.status}`)}</Badge>
        <span className="font-semibold">{format.money(order.total)}</span>
      </div>
      <ul className="text-sm">
        {order.lines.map((line) => (
          <li key={line.id}>
            {t('inventory.po_line', {
              name: line.ingredient_name,
              ordered: format.quantity(line.ordered, line.unit),
              received: format.quantity(line.received, line.unit),
              cost: format.money(line.unit_cost),
            })}
          </li>
        ))}
      </ul>
      {order.notes && <p className="text-sm text-stone-700">{order.notes}</p>}
      <div className="flex flex-wrap gap-2">
        {order.status === 'draft' && (
          <button
            type="button"
            className={buttonClass()}
            disabled={act.isPending}
            onClick={() => act.mutate('send')}
          >
            {t('inventory.send')}
          </button>
        )}
        {receivable && (
          <button type="button" className={buttonClass()} onClick={onReceive}>
            {t('inventory.receive')}
          </button>
        )}
        {closable && (
          <button
            type="button"
            className={buttonClass('secondary')}
            disabled={act.isPending}
            onClick={() => act.mutate('close')}
          >
            {t('inventory.close_order')}
          </button>
        )}
      </div>
      {act.error && <ErrorState error={act.error} />}
    </li>
  );
}
