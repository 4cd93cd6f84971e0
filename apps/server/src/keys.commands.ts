import type { IdentityService } from '@brigade/identity';
import { systemContext } from '@brigade/kernel';
import type { Command } from 'commander';
import { loadConfig } from './config.js';
import { print, withRuntime } from './events.commands.js';

/** `brigade keys …`: the access-token signing keys, for operators without a platform admin token. */
export function registerKeyCommands(program: Command) {
  const keys = program
    .command('keys')
    .description('access-token signing keys (published at /.well-known/jwks.json)');
  keys
    .command('rotate')
    .description(
      'sign new tokens with a new key; tokens signed with the old one stay valid until they expire',
    )
    .action(async () => {
      await withRuntime(loadConfig(), async (runtime) => {
        const identity = runtime.modules.get('identity')?.service as IdentityService;
        print(await identity.rotateSigningKey(systemContext(null, `cli-keys-rotate-${Date.now()}`)));
      });
    });
  keys
    .command('list')
    .description('the published public keys (JWKS)')
    .action(async () => {
      await withRuntime(loadConfig(), async (runtime) => {
        const identity = runtime.modules.get('identity')?.service as IdentityService;
        print(await identity.jwks());
      });
    });
}
