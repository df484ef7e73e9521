// `npm start`: builds the app from the environment, serves it, and prints one short banner saying
// where everything is and which parts are live or demo. A bad setting exits naming the variable.
import { createHelpdeskApp, type HelpdeskApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { serveHelpdesk } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Slack turns run in a worker thread: this thread's event loop is kept for acknowledging Slack.
  const app = await createHelpdeskApp(config, { turnThread: {} });
  const server = await serveHelpdesk(app, config);
  process.stdout.write(banner(server.url, config, app));

  const shutdown = async () => {
    await server.close();
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

function banner(url: string, config: Config, app: HelpdeskApp): string {
  const { okta, slack, model } = app.modes;
  const doors = {
    console: `  Slack console   ${url}/console`,
    live: `  Slack events    ${url}/slack/events  (interactions: /slack/interactions)`,
    socket: '  Slack           Socket Mode: connected out to Slack, no public URL and no /slack/* HTTP routes',
    off: '  Slack           off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (the local console never runs with a live Okta org)',
  };
  const exposed = config.demoRoutesOnNetwork
    ? [
        '',
        `  WARNING: the demo Slack console listens on ${config.host} (ALLOW_DEMO_ROUTES_ON_NETWORK=true).`,
        '  Anyone who can reach this port can post and click as any demo person.',
      ]
    : [];
  return [
    '',
    `okta-helpdesk-agent is ready on ${url}`,
    doors[slack],
    `  Mastra API      ${url}/api   (Okta sign-in or token, or MASTRA_API_TOKEN; Studio: npm run dev)`,
    `  MCP server      ${url}/mcp   (Okta access token with helpdesk.read / helpdesk.act)`,
    `  Health          ${url}/health`,
    `  Okta   ${okta === 'live' ? 'live  your org' : `demo  embedded org at ${app.demoOktaUrl}`}`,
    `  Slack  ${{ live: 'live  your workspace', socket: 'live  your workspace (Socket Mode)', console: 'demo  local console', off: 'off' }[slack]}`,
    `  Model  ${model === 'openai' ? `live  ${config.model.modelId}` : 'demo  offline planner'}`,
    ...exposed,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Startup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
