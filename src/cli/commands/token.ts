// `amctl token`: signs a development token with the local dev key, for demos and scripts. Production
// gateways verify tokens from Teleport (auth.jwks_url) and have no dev key, so this refuses there.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultDevKeyFile, parseAuthConfig } from '../../auth/config';
import { readDevKey, signDevToken } from '../../auth/dev-key';
import { ConfigError } from '../../config/validate';
import { configFrom } from '../context';

const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a development token signed with the local dev key (auth.dev_key_file, or the one `serve --demo` made)')
    .requiredOption('--user <name>', 'user the token names')
    .option('--roles <list>', 'comma-separated role names', 'auditor')
    .option('--ttl <duration>', 'lifetime, e.g. 30m, 1h, 7d', '1h')
    .action(async (opts: { user: string; roles: string; ttl: string }, cmd: Command) => {
      const config = configFrom(cmd);
      const auth = parseAuthConfig(config);
      const keyFile = auth.devKeyFile ?? (existsSync(defaultDevKeyFile(config)) ? defaultDevKeyFile(config) : undefined);
      if (!keyFile) {
        throw new ConfigError(
          `no local dev signing key: set auth.dev_key_file in the config, or start \`amctl serve --demo\` once ` +
            `(it creates ${defaultDevKeyFile(config)}). Production gateways take tokens from Teleport instead.`,
        );
      }
      if (!existsSync(keyFile)) throw new ConfigError(`auth.dev_key_file ${keyFile} does not exist (start \`amctl serve --demo\` to create it)`);
      const user = opts.user.trim();
      if (!user) throw new ConfigError('--user must not be empty');
      const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const bad = roles.find((r) => !ROLE_NAME.test(r));
      if (bad !== undefined) throw new ConfigError(`--roles: ${JSON.stringify(bad)} is not a role name`);
      const token = await signDevToken(readDevKey(keyFile), {
        user,
        roles,
        ttl: opts.ttl,
        issuer: auth.issuer,
        audience: auth.audience,
      });
      process.stdout.write(`${token}\n`);
    });
}
