// Entry for `mastra dev` (Studio at /, API at /api): the same app as `npm start`, built from the
// same environment, so Studio talks to the same agent, tools and storage.
import { createHelpdeskApp } from '../app.js';
import { loadConfig } from '../config.js';

const app = await createHelpdeskApp(loadConfig());
await app.start();

export const mastra = app.mastra;
