// What the model sees of the tools: every field described, and no token-heavy validation regexes,
// while the same schemas still reject malformed input before any tool runs.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHelpdeskTools, type ToolDeps } from '../../src/mastra/tools/index.js';

const tools = createHelpdeskTools({} as ToolDeps);

type JsonSchema = { description?: string; pattern?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema };

function fieldsOf(schema: JsonSchema, path = ''): Array<[string, JsonSchema]> {
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, field]) => [[`${path}${name}`, field] as [string, JsonSchema], ...fieldsOf(field, `${path}${name}.`)]);
  return schema.items ? [...own, ...fieldsOf(schema.items, `${path}[].`)] : own;
}

describe.each(Object.entries(tools))('tool %s', (_name, tool) => {
  const input = z.toJSONSchema(tool.inputSchema as z.ZodType) as JsonSchema;
  const output = z.toJSONSchema(tool.outputSchema as z.ZodType) as JsonSchema;

  it('describes every input and output field for the model', () => {
    const undescribed = [...fieldsOf(input), ...fieldsOf(output)].filter(([, field]) => !field.description).map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('sends no validation regex to the model', () => {
    expect(JSON.stringify(input)).not.toContain('"pattern"');
  });
});

/** Validates as Mastra does before a tool runs: through the schema's Standard Schema interface. */
async function accepts(input: unknown): Promise<boolean> {
  const result = await tools.lockAccount.inputSchema!['~standard'].validate(input);
  return !result.issues;
}

describe('person fields', () => {
  it('require the person: an omitted one is rejected, never taken to mean the requester', async () => {
    expect(await accepts({})).toBe(false);
    expect(await accepts({ person: '' })).toBe(false);
    expect(await accepts({ person: '   ' })).toBe(false);
  });

  it.each(['me', 'jane.doe@acme.example', 'Alex Kim'])('accept %j (the requester, a work email, a name)', async (person) => {
    expect(await accepts({ person })).toBe(true);
  });
});
