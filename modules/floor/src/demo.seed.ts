import { type Clock, systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import type { FloorService } from './contract/index.js';

const demoAreas = [
  { name: 'Main hall', position: 0 },
  { name: 'Terrace', position: 1 },
];

const demoTables = [
  {
    number: 'T1',
    capacity: 2,
    area: 'Main hall',
    position: { x: 40, y: 40, width: 60, height: 60, shape: 'round' },
  },
  {
    number: 'T2',
    capacity: 2,
    area: 'Main hall',
    position: { x: 140, y: 40, width: 60, height: 60, shape: 'round' },
  },
  {
    number: 'T3',
    capacity: 4,
    area: 'Main hall',
    position: { x: 40, y: 160, width: 100, height: 70, shape: 'rectangle' },
  },
  {
    number: 'T4',
    capacity: 4,
    area: 'Terrace',
    position: { x: 40, y: 40, width: 100, height: 70, shape: 'rectangle' },
  },
  {
    number: 'T5',
    capacity: 6,
    area: 'Terrace',
    position: { x: 180, y: 40, width: 140, height: 80, shape: 'rectangle' },
  },
] as const;

/** Spice Route's floor (seed 003: five tables, capacity 2–6). Adds only what is missing. */
export async function seedDemoFloor(service: FloorService, clock: Clock) {
  const ctx = systemContext(demoRestaurantId, `seed-floor-${clock.now().getTime()}`);
  const areas = await service.listAreas(ctx);
  const areaIds = new Map(areas.map((area) => [area.name, area.id]));
  for (const area of demoAreas) {
    if (!areaIds.has(area.name)) areaIds.set(area.name, (await service.createArea(ctx, area)).id);
  }
  const { data: existing } = await service.listTables(ctx, { limit: 200 });
  const numbers = new Set(existing.map((table) => table.number.toLowerCase()));
  for (const { area, ...table } of demoTables) {
    if (numbers.has(table.number.toLowerCase())) continue;
    await service.createTable(ctx, {
      ...table,
      position: { ...table.position },
      area_id: areaIds.get(area) ?? null,
    });
  }
}
