// Counts what one model call would send to and receive from OpenAI with the o200k tokenizer (gpt-4o / gpt-4o-mini): system instructions, the tool schemas as OpenAI function definitions, the conversation messages, and the answer.
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import type { ModelCall } from './counting-model.js';

/** gpt-4o-mini list prices, USD per million tokens. */
export const PRICE_PER_MILLION = { input: 0.15, output: 0.6 } as const;
/** Chat format overhead (OpenAI's cookbook for gpt-4o): per message, and priming the assistant's reply. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

const encoder = new Tiktoken(o200kBase);
const count = (text: string) => encoder.encode(text).length;

export type CallTokens = { instructions: number; tools: number; messages: number; input: number; output: number };

export function tokensOf(call: ModelCall): CallTokens {
  let instructions = 0;
  let messages = REPLY_PRIMING;
  for (const message of call.options.prompt) {
    if (message.role === 'system') {
      instructions += count(message.content) + TOKENS_PER_MESSAGE;
      continue;
    }
    const parts = message.content.map((part) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'tool-call') return JSON.stringify({ name: part.toolName, arguments: part.input });
      if (part.type === 'tool-result') return JSON.stringify(part.output);
      return '';
    });
    messages += count(parts.join('\n')) + TOKENS_PER_MESSAGE;
  }
  // As the request body carries them: [{ type: 'function', function: { name, description, parameters } }].
  const functions = (call.options.tools ?? [])
    .filter((tool) => tool.type === 'function')
    .map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } }));
  const tools = functions.length > 0 ? count(JSON.stringify(functions)) : 0;
  const output = call.output.reduce(
    (sum, part) => sum + count(part.type === 'text' ? part.text : JSON.stringify({ name: part.toolName, arguments: part.input })),
    0,
  );
  return { instructions, tools, messages, input: instructions + tools + messages, output };
}

/** USD per 1,000 requests, each making these calls. */
export function costPerThousand(calls: readonly CallTokens[]): number {
  const perRequest = calls.reduce((sum, c) => sum + (c.input * PRICE_PER_MILLION.input + c.output * PRICE_PER_MILLION.output) / 1e6, 0);
  return perRequest * 1000;
}
