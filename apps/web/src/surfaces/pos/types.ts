/** A table on the floor plan (docs/api.md § Floor). */
export interface FloorTable {
  id: string;
  number: string;
  capacity: number;
  area_id: string | null;
  status: 'available' | 'occupied' | 'reserved' | 'cleaning';
  open_session_id: string | null;
  position: { x: number; y: number; width: number; height: number; shape: string } | null;
}
