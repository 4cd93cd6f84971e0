import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';
import { roles } from './permissions.js';

export const identityEvents = {
  userCreated: defineEvent(
    'identity.user_created.v1',
    z.object({ user_id: z.uuid(), role: z.enum(roles), display_name: z.string() }),
    'A user was added to a restaurant (staff or customer) or to the platform.',
  ),
  userChanged: defineEvent(
    'identity.user_changed.v1',
    z.object({
      user_id: z.uuid(),
      role: z.enum(roles),
      is_active: z.boolean(),
      version: z.number().int(),
      changed: z.array(z.string()),
    }),
    "A user's role, status or profile changed; `changed` names the fields.",
  ),
};
