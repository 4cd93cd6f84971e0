/** The POS. English is the reference; Spanish must translate every key (typed). */
export const en = {
  'pos.title': 'Point of sale',
  'pos.floor': 'Floor plan',
  'pos.no_tables': 'No tables yet. Add them in the back office.',
  'pos.seats': '{count} seats',
  'pos.table_status.available': 'Available',
  'pos.table_status.occupied': 'Occupied',
  'pos.table_status.reserved': 'Reserved',
  'pos.table_status.cleaning': 'Cleaning',
  'pos.table_heading': 'Table {number}',
  'pos.covers': 'Guests',
  'pos.seat_guests': 'Seat {count} guests',
  'pos.add_items': 'Add items',
  'pos.no_orders': 'No orders yet.',
  'pos.send_to_kitchen': 'Send to kitchen',
} as const;

export const es: Record<keyof typeof en, string> = {
  'pos.title': 'Punto de venta',
  'pos.floor': 'Plano de sala',
  'pos.no_tables': 'Aún no hay mesas. Añádelas en la administración.',
  'pos.seats': '{count} plazas',
  'pos.table_status.available': 'Libre',
  'pos.table_status.occupied': 'Ocupada',
  'pos.table_status.reserved': 'Reservada',
  'pos.table_status.cleaning': 'Limpieza',
  'pos.table_heading': 'Mesa {number}',
  'pos.covers': 'Comensales',
  'pos.seat_guests': 'Sentar a {count}',
  'pos.add_items': 'Añadir platos',
  'pos.no_orders': 'Aún no hay pedidos.',
  'pos.send_to_kitchen': 'Enviar a cocina',
};
