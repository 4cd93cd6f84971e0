import type { EventDefinition } from './events.js';

/**
 * A module: a bounded context with its own schema, migrations, contract and routes. The
 * composition root decides which modules run in which process; `Deps` and `Instance` are
 * fixed by the runtime (see @brigade/http's AppModule) so that the kernel depends on nothing.
 */
export interface ModuleDefinition<Deps, Instance> {
  /** Lower-case name; also the PostgreSQL schema that holds the module's tables. */
  name: string;
  /** Event types the module publishes (declared in its contract). A module with any has an outbox. */
  events?: EventDefinition[];
  /** Folder of forward-only SQL migrations, applied in file-name order. */
  migrations?: URL;
  create(deps: Deps): Instance;
}

export function defineModule<Deps, Instance>(definition: ModuleDefinition<Deps, Instance>) {
  return definition;
}
