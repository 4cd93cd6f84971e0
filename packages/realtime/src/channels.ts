import { type Actor, hasPermission } from '@brigade/kernel';

/** Who holds a realtime connection, as the platform's authenticator resolved it at connect. */
export interface Caller {
  actor: Actor;
  tenantId: string | null;
  /**
   * A credential scoped to named channels (a guest's order tracking token, a table's QR
   * code): the caller may follow exactly these channels of its tenant and no others, whatever
   * its permissions. Absent for ordinary credentials, which the authorizer judges.
   */
  channels?: readonly string[] | undefined;
}

/** The permission that each kind of channel needs (DESIGN.md §6). Channels are always the caller tenant's. */
export const channelPermissions = {
  staff: 'realtime:staff',
  /** The restaurant's menu as guests see it: what is sold out, what was published. */
  menu: 'menu:read',
  kitchen: 'kitchen:read',
  order: 'orders:read',
  table: 'floor:read',
} as const;

export type ChannelKind = keyof typeof channelPermissions;

/** `staff`, `menu`, or `<kind>:<id>` for a kitchen station, an order or a table. */
const channelPattern = /^(?:(staff|menu)|(kitchen|order|table):[A-Za-z0-9_.-]{1,100})$/;

export function channelKind(channel: string): ChannelKind | null {
  const match = channelPattern.exec(channel);
  if (!match) return null;
  return (match[1] ?? match[2]) as ChannelKind;
}

/**
 * Decides whether a caller may follow one channel of its tenant. The default checks the named
 * permission; a richer rule (e.g. a guest's tracking token for one order) wraps it.
 */
export type ChannelAuthorizer = (
  caller: Caller,
  channel: string,
  kind: ChannelKind,
) => boolean | Promise<boolean>;

export const authorizeByPermission: ChannelAuthorizer = (caller, _channel, kind) =>
  hasPermission(caller.actor, channelPermissions[kind]);
