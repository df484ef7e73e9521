// `npm start`: builds the app from the environment, serves it over HTTP, answers GET /health with
// the mode of each part, and prints one short banner. A bad setting exits with its name.
import { serve } from '@hono/node-server';
import { createHonoServer } from '@mastra/deployer/server';
import { createHelpdeskApp, type HelpdeskApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHelpdeskApp(config);
  const mastraApp = await createHonoServer(app.mastra, { tools: {} });
  let ready = false;
  const server = serve({
    hostname: config.host,
    port: config.port,
    fetch: (request) => {
      if (request.method === 'GET' && new URL(request.url).pathname === '/health') {
        return Response.json({ status: ready ? 'ok' : 'starting', ...app.modes }, { status: ready ? 200 : 503 });
      }
      return mastraApp.fetch(request);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await app.start();
  ready = true;
  process.stdout.write(banner(config, app));

  const shutdown = async () => {
    server.close();
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

function banner(config: Config, app: HelpdeskApp): string {
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const part = (name: string, mode: string, live: boolean) => `  ${name.padEnd(6)} ${live ? 'live' : 'demo'} (${mode})`;
  return [
    '',
    `okta-helpdesk-agent is ready on ${base}`,
    ...(app.modes.slack === 'console' ? [`  Slack console  ${base}/console`] : [`  Slack events   ${base}/slack/events`]),
    `  Mastra API     ${base}/api  (Studio: npm run dev)`,
    `  Health         ${base}/health`,
    part('Okta', app.modes.okta === 'live' ? 'your org' : `demo org at ${app.demoOktaUrl}`, app.modes.okta === 'live'),
    part('Slack', app.modes.slack === 'live' ? 'your workspace' : 'local console', app.modes.slack === 'live'),
    part('Model', app.modes.model === 'openai' ? config.model.modelId : 'offline planner', app.modes.model === 'openai'),
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Startup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
