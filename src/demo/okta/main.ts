// `npm run demo:okta [-- PORT]`: the demo Okta org on its own, on the given port or 4112, until
// SIGINT/SIGTERM. The port is an argument, so src/config.ts stays the only reader of the environment.
import { createDemoOktaOrg, DEMO_PEOPLE } from './index.js';

const DEFAULT_PORT = 4112;

const portArgument = process.argv[2];
const port = portArgument ? Number(portArgument) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`The port must be a number from 1 to 65535, got ${portArgument}\n`);
  process.exit(1);
}

const org = createDemoOktaOrg();
const { url } = await org.start(port);
process.stdout.write(
  [
    `Demo Okta org listening on ${url}`,
    `  OKTA_ORG_URL=${url}`,
    `  OKTA_API_TOKEN=${org.token}`,
    `  ${DEMO_PEOPLE.length} people, e.g. ${DEMO_PEOPLE.slice(0, 2).map((person) => person.email).join(', ')}`,
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void org.stop().then(() => process.exit(0));
  });
}
