// Entry for `mastra dev` (Studio at /, API at /api): the same app as `npm start`, built from the
// same environment, so Studio talks to the same agent, tools and storage. Slack turns run in this
// thread here, not in the turn thread of `npm start`: Mastra bundles only this entry into
// .mastra/output, so there is no dist/turn-worker.js for a worker thread to load.
import { createHelpdeskApp } from '../app.js';
import { loadConfig } from '../config.js';

const app = await createHelpdeskApp(loadConfig());
await app.start();

export const mastra = app.mastra;
