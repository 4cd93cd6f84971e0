import type { AppModule } from '@brigade/http';
import { tenantsModule } from '@brigade/tenants/module';

/** Every module this build ships, in dependency order. */
export const allModules: AppModule[] = [tenantsModule as AppModule];
