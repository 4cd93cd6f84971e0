/** The back office. English is the reference; Spanish must translate every key (typed). */
export const en = {
  'admin.title': 'Back office',
  'admin.dashboard': 'Today',
  'admin.menu': 'Menu availability',
  'admin.orders_today': 'Orders today',
  'admin.sales_today': 'Sales today',
  'admin.average_ticket': 'Average ticket',
  'admin.available': 'Available',
  'admin.sold_out': 'Sold out (86)',
  'admin.mark_sold_out': 'Mark {name} sold out',
  'admin.mark_available': 'Mark {name} available',
  'admin.no_items': 'No menu items yet.',
  'admin.item': 'Item',
  'admin.price': 'Price',
  'admin.availability': 'Availability',
} as const;

export const es: Record<keyof typeof en, string> = {
  'admin.title': 'Administración',
  'admin.dashboard': 'Hoy',
  'admin.menu': 'Disponibilidad de la carta',
  'admin.orders_today': 'Pedidos de hoy',
  'admin.sales_today': 'Ventas de hoy',
  'admin.average_ticket': 'Ticket medio',
  'admin.available': 'Disponible',
  'admin.sold_out': 'Agotado (86)',
  'admin.mark_sold_out': 'Marcar {name} como agotado',
  'admin.mark_available': 'Marcar {name} como disponible',
  'admin.no_items': 'Aún no hay platos.',
  'admin.item': 'Plato',
  'admin.price': 'Precio',
  'admin.availability': 'Disponibilidad',
};
