import type { SectionProps } from '../section.js';
import { PurchaseOrdersPanel } from './purchase-orders.js';
import { SuppliersPanel } from './suppliers.js';

/** The "Purchasing" section: purchase orders first, then the suppliers they go to. */
export function PurchasingScreen({ session, restaurant }: SectionProps) {
  return (
    <div className="flex flex-col gap-4">
      <PurchaseOrdersPanel session={session} restaurant={restaurant} />
      <SuppliersPanel session={session} />
    </div>
  );
}
