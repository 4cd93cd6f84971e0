import { useState } from 'react';
import { buttonClass } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, QueryState } from '../../../ui/states.js';
import { cellClass, DataTable, Panel, rowClass, useSuppliers } from './parts.js';
import { SupplierForm } from './supplier-form.js';
import type { Supplier } from './types.js';

/** Suppliers with their contact and lead time; add and edit. */
export function SuppliersPanel({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const suppliers = useSuppliers(session);
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  return (
    <Panel
      title={t('inventory.suppliers')}
      actions={
        <button type="button" className={buttonClass()} onClick={() => setEditing('new')}>
          {t('inventory.new_supplier')}
        </button>
      }
    >
      <QueryState query={suppliers}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('inventory.no_suppliers')}</Empty>
          ) : (
            <DataTable
              label={t('inventory.suppliers')}
              columns={[t('inventory.name'), t('inventory.contact'), t('inventory.lead_time_days')]}
              hidden={[t('inventory.actions')]}
            >
              {list.map((supplier) => (
                <tr key={supplier.id} className={rowClass}>
                  <td className={`${cellClass} font-medium`}>{supplier.name}</td>
                  <td className={cellClass}>
                    {[supplier.contact_name, supplier.email, supplier.phone].filter(Boolean).join(' · ')}
                  </td>
                  <td className={cellClass}>{supplier.lead_time_days}</td>
                  <td className={cellClass}>
                    <button
                      type="button"
                      className={buttonClass('secondary')}
                      aria-label={t('inventory.edit_supplier', { name: supplier.name })}
                      onClick={() => setEditing(supplier)}
                    >
                      {t('inventory.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {editing && (
        <SupplierForm
          session={session}
          supplier={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
    </Panel>
  );
}
