import { z } from 'zod';

/** The `limit` and `cursor` every list input has (DESIGN.md §5); spread into a module's list schema. */
export const pageInput = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
};
