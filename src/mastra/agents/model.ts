// Chooses the agent's language model: OpenAI (or any OpenAI-compatible server) when a key is set,
// otherwise the offline planner, so the demo runs with no credentials. Nothing else knows which.
import { createOpenAI } from '@ai-sdk/openai';
import type { MastraModelConfig } from '@mastra/core/llm';
import type { ModelChoice } from '../../config.js';
import { createOfflinePlannerModel } from '../../demo/planner/index.js';

export function createHelpdeskModel(settings: ModelChoice): MastraModelConfig {
  if (settings.mode === 'offline') return createOfflinePlannerModel();
  const openai = createOpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL });
  // @ai-sdk/openai 4 types its model as LanguageModelV4 with a finish reason Mastra's bundled types
  // do not list yet ('interrupted'); the runtime contract is the same (stack-notes.md).
  return (settings.baseURL ? openai.chat(settings.modelId) : openai(settings.modelId)) as unknown as MastraModelConfig;
}
