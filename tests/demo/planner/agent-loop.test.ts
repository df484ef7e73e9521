// The offline planner inside a real Mastra agent loop with small fake tools: the planner's tool call
// is executed by Mastra, the reply is the tool's own summary, "my" reaches the tool as the explicit
// person "me" (the requester), and with memory a follow-up's "her" is the email of the previous turn. Both the
// generate (doGenerate) and stream (doStream) paths are driven.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { Agent } from '@mastra/core/agent';
import { RequestContext } from '@mastra/core/request-context';
import { createTool } from '@mastra/core/tools';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOfflinePlannerModel } from '../../../src/demo/planner/index.js';

const REQUESTER = 'sam.rivera@acme.example';
const JANE = 'jane.doe@acme.example';

type Executed = { tool: string; input: Record<string, unknown>; requester: unknown };
let executed: Executed[] = [];
let prompts: LanguageModelV4Prompt[] = [];

const summary = z.object({ summary: z.string() });
const person = z.string().describe('"me", a work email or a name');
/** What the fake tools say about a person: the requester's email for "me". */
const who = (input: { person: string }, requester: string) => (input.person === 'me' ? requester : input.person);

function fakeTool<Shape extends z.ZodRawShape>(key: string, shape: Shape, say: (input: z.infer<z.ZodObject<Shape>>, requester: string) => string) {
  return createTool({
    id: key,
    description: `fake ${key}`,
    inputSchema: z.object(shape),
    outputSchema: summary,
    execute: async (input, context) => {
      const requester = context?.requestContext?.get('requester');
      executed.push({ tool: key, input: { ...(input as Record<string, unknown>) }, requester });
      return { summary: say(input as z.infer<z.ZodObject<Shape>>, String(requester)) };
    },
  });
}

const ALL_TOOLS = {
  findUser: fakeTool('findUser', { query: z.string() }, ({ query }) => `People matching "${query}": none.`),
  getUserDetails: fakeTool('getUserDetails', { person }, (i, r) => `${who(i, r)} is active.`),
  listUserGroups: fakeTool('listUserGroups', { person }, (i, r) => `${who(i, r)} is in 1 Okta group: Everyone.`),
  findGroup: fakeTool('findGroup', { name: z.string() }, ({ name }) => `Okta groups matching "${name}": ${name}.`),
  addUserToGroup: fakeTool('addUserToGroup', { person, groupName: z.string() }, (i, r) => `${who(i, r)} was added to ${i.groupName}.`),
  removeUserFromGroup: fakeTool('removeUserFromGroup', { person, groupName: z.string() }, (i, r) => `${who(i, r)} was removed from ${i.groupName}.`),
  resetPassword: fakeTool('resetPassword', { person }, (i, r) => `A reset link was sent privately to ${who(i, r)}.`),
  lockAccount: fakeTool('lockAccount', { person }, (i, r) => `${who(i, r)} is now suspended and signed out everywhere.`),
  unlockAccount: fakeTool('unlockAccount', { person }, (i, r) => `${who(i, r)} is unlocked.`),
  resetMfa: fakeTool('resetMfa', { person }, (i, r) => `Every MFA factor of ${who(i, r)} was reset.`),
};

/** The planner, with every prompt it receives kept for assertions. */
function recordingPlanner() {
  const planner = createOfflinePlannerModel();
  return {
    ...planner,
    doGenerate: (options: LanguageModelV4CallOptions) => (prompts.push(options.prompt), planner.doGenerate(options)),
    doStream: (options: LanguageModelV4CallOptions) => (prompts.push(options.prompt), planner.doStream(options)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'planner-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function helpdesk(options: { tools?: Partial<typeof ALL_TOOLS>; memory?: boolean } = {}) {
  return new Agent({
    id: 'helpdesk',
    name: 'helpdesk',
    instructions: `You are the help desk. The requester is ${REQUESTER}.`,
    model: recordingPlanner(),
    tools: options.tools ?? ALL_TOOLS,
    memory: options.memory
      ? new Memory({ storage: new LibSQLStore({ id: 'test', url: `file:${join(dir, `memory-${Date.now()}.db`)}` }), options: { lastMessages: 10 } })
      : undefined,
  });
}

function requestContext() {
  const context = new RequestContext();
  context.set('requester', REQUESTER);
  return context;
}

beforeEach(() => {
  executed = [];
  prompts = [];
});

describe('offline planner in the Mastra agent loop', () => {
  it('generate: "lock my account" runs lockAccount for "me" and replies with its summary', async () => {
    const result = await helpdesk().generate('lock my account', { requestContext: requestContext() });

    expect(executed).toEqual([{ tool: 'lockAccount', input: { person: 'me' }, requester: REQUESTER }]);
    expect(result.text).toBe(`${REQUESTER} is now suspended and signed out everywhere.`);
    expect(prompts).toHaveLength(2);
  });

  it('receives the tool result as { type: "json", value } with the summary, after its own tool call', async () => {
    await helpdesk().generate('lock my account', { requestContext: requestContext() });

    const second = prompts[1]!;
    expect(second.at(-2)).toMatchObject({ role: 'assistant', content: [{ type: 'tool-call', toolName: 'lockAccount', input: { person: 'me' } }] });
    expect(second.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', toolName: 'lockAccount', output: { type: 'json', value: { summary: `${REQUESTER} is now suspended and signed out everywhere.` } } }],
    });
  });

  it('stream: "lock my account" streams the same tool call and the summary as text', async () => {
    const stream = await helpdesk().stream('lock my account', { requestContext: requestContext() });
    let streamed = '';
    for await (const chunk of stream.textStream) streamed += chunk;

    expect(executed).toEqual([{ tool: 'lockAccount', input: { person: 'me' }, requester: REQUESTER }]);
    expect(streamed).toBe(`${REQUESTER} is now suspended and signed out everywhere.`);
    expect(await stream.text).toBe(streamed);
  });

  it('generate with memory: a follow-up about "her" reuses the email of the previous turn', async () => {
    const agent = helpdesk({ memory: true });
    const memory = { thread: 't1', resource: 'u1' };

    const first = await agent.generate(`add <mailto:${JANE}|${JANE}> to Engineering`, { requestContext: requestContext(), memory });
    const second = await agent.generate('and add her to Sales too', { requestContext: requestContext(), memory });

    expect(executed.map(({ tool, input }) => ({ tool, input }))).toEqual([
      { tool: 'addUserToGroup', input: { person: JANE, groupName: 'Engineering' } },
      { tool: 'addUserToGroup', input: { person: JANE, groupName: 'Sales' } },
    ]);
    expect(JSON.stringify(prompts[2])).toContain(`add ${JANE} to Engineering`.replace(JANE, `<mailto:${JANE}|${JANE}>`));
    expect(first.text).toBe(`${JANE} was added to Engineering.`);
    expect(second.text).toBe(`${JANE} was added to Sales.`);
  });

  it('without memory the same follow-up asks whose account is meant', async () => {
    const result = await helpdesk().generate('and add her to Sales too', { requestContext: requestContext() });
    expect(executed).toEqual([]);
    expect(result.text).toMatch(/^Who do you mean\?/);
  });

  it('stream with memory: "lock her account" after a status question locks that person', async () => {
    const agent = helpdesk({ memory: true });
    const memory = { thread: 't2', resource: 'u1' };

    await agent.generate(`status of ${JANE}`, { requestContext: requestContext(), memory });
    const stream = await agent.stream('please lock her account', { requestContext: requestContext(), memory });

    expect(await stream.text).toBe(`${JANE} is now suspended and signed out everywhere.`);
    expect(executed.map(({ tool, input }) => ({ tool, input }))).toEqual([
      { tool: 'getUserDetails', input: { person: JANE } },
      { tool: 'lockAccount', input: { person: JANE } },
    ]);
  });

  it('passes a name on as the person, for the tool to look up, never as the requester', async () => {
    const result = await helpdesk().generate("reset Jane's password", { requestContext: requestContext() });
    expect(executed.map(({ tool, input }) => ({ tool, input }))).toEqual([{ tool: 'resetPassword', input: { person: 'Jane' } }]);
    expect(result.text).toBe('A reset link was sent privately to Jane.');
  });

  it('answers unsupported requests honestly with what it can do, calling no tool', async () => {
    const result = await helpdesk().generate('order me a pizza', { requestContext: requestContext() });
    expect(executed).toEqual([]);
    expect(result.text).toMatch(/^Sorry, I can't help with that here\. I can help with Okta accounts:/);
  });

  it('never calls a tool the agent does not offer', async () => {
    const result = await helpdesk({ tools: { findUser: ALL_TOOLS.findUser } }).generate('lock my account', { requestContext: requestContext() });
    expect(executed).toEqual([]);
    expect(result.text).toBe(`I can't do that here. I can help with Okta accounts:\n• look someone up ("who is Jane?")\nFor anyone other than yourself, give me their work email or full name.`);
  });
});
