// Model choice: gpt-4o-mini on OpenAI by default, MODEL and OPENAI_BASE_URL honoured (any
// OpenAI-compatible server), the offline planner without a key. Asserted on what was sent.
import { Agent } from '@mastra/core/agent';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskModel } from '../../src/mastra/agents/model.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ask = (model: ReturnType<typeof createHelpdeskModel>) =>
  new Agent({ id: 'probe', name: 'probe', instructions: 'Answer briefly.', model }).generate('hello');

describe('createHelpdeskModel', () => {
  it('calls gpt-4o-mini on api.openai.com with the key by default', async () => {
    const sent: Array<{ url: string; authorization: string | null; body: { model?: string } }> = [];
    server.use(
      http.post('https://api.openai.com/v1/responses', async ({ request }) => {
        sent.push({ url: request.url, authorization: request.headers.get('authorization'), body: (await request.json()) as { model?: string } });
        return HttpResponse.json({
          id: 'resp_1', object: 'response', created_at: 1_800_000_000, status: 'completed', model: 'gpt-4o-mini',
          output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi from OpenAI', annotations: [] }] }],
          usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
        });
      }),
    );
    const result = await ask(createHelpdeskModel({ mode: 'openai', modelId: 'gpt-4o-mini', apiKey: 'sk-test-key' }));
    expect(sent[0]).toMatchObject({ url: 'https://api.openai.com/v1/responses', authorization: 'Bearer sk-test-key', body: { model: 'gpt-4o-mini' } });
    expect(result.text).toBe('Hi from OpenAI');
  });

  it('sends chat completions with MODEL to an OpenAI-compatible OPENAI_BASE_URL', async () => {
    const sent: Array<{ authorization: string | null; body: { model?: string } }> = [];
    server.use(
      http.post('http://127.0.0.1:11434/v1/chat/completions', async ({ request }) => {
        sent.push({ authorization: request.headers.get('authorization'), body: (await request.json()) as { model?: string } });
        return HttpResponse.json({
          id: 'chatcmpl-1', object: 'chat.completion', created: 1_800_000_000, model: 'llama3.1',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hi from Ollama' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        });
      }),
    );
    const result = await ask(createHelpdeskModel({ mode: 'openai', modelId: 'llama3.1', apiKey: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' }));
    expect(sent).toEqual([{ authorization: 'Bearer ollama', body: expect.objectContaining({ model: 'llama3.1' }) as object }]);
    expect(result.text).toBe('Hi from Ollama');
  });

  it('uses the offline planner when no key is set, without any network call', async () => {
    const result = await ask(createHelpdeskModel({ mode: 'offline', modelId: 'gpt-4o-mini' }));
    expect(result.text).toMatch(/I can/);
  });
});
