import { useQuery } from '@tanstack/react-query';
import type { StaffSession } from '../../../ui/staff.js';
import { fetchAll } from '../menu/fetch-helpers.js';
import { useLiveRefresh } from '../menu/live-refresh.js';

/** The floor as the staff API returns it (docs/api.md § Floor). */
export interface Area {
  id: string;
  name: string;
  position: number;
}

export const tableShapes = ['rectangle', 'square', 'round'] as const;
export type TableShape = (typeof tableShapes)[number];
export const tableStatuses = ['available', 'occupied', 'reserved', 'cleaning'] as const;
export type TableStatus = (typeof tableStatuses)[number];

export interface FloorTable {
  id: string;
  number: string;
  capacity: number;
  area_id: string | null;
  position: { x: number; y: number; width?: number; height?: number; shape?: TableShape };
  status: TableStatus;
  qr_version: number;
  open_session_id: string | null;
}

export interface TableQr {
  table_id: string;
  number: string;
  qr_version: number;
  url: string;
}

export const floorKeys = {
  all: ['floor'] as const,
  areas: ['floor', 'areas'] as const,
  tables: ['floor', 'tables'] as const,
  qr: (tableId: string) => ['floor', 'qr', tableId] as const,
  reservations: (date: string) => ['floor', 'reservations', date] as const,
  waitlist: ['floor', 'waitlist'] as const,
};

export function useAreas(session: StaffSession) {
  return useQuery({
    queryKey: floorKeys.areas,
    queryFn: async () =>
      (await fetchAll<Area>(session, '/floor/areas')).sort((a, b) => a.position - b.position),
  });
}

/** Tables in their natural order (T2 before T10). */
export function useTables(session: StaffSession) {
  return useQuery({
    queryKey: floorKeys.tables,
    queryFn: async () =>
      (await fetchAll<FloorTable>(session, '/tables')).sort((a, b) =>
        a.number.localeCompare(b.number, undefined, { numeric: true }),
      ),
  });
}

/** Keeps the floor screens current: table, session, booking and waitlist events refetch them. */
export const useFloorLive = (session: StaffSession) => useLiveRefresh(session, 'floor.', floorKeys.all);
