// The MCP door: a Streamable HTTP MCP endpoint (POST/GET/DELETE /mcp) exposing the help desk tools.
// Every request carries an Okta access token, verified here; the requester is the token's person,
// looked up in Okta, and reaches the tools only through setVerifiedRequester, so the desk and policy
// treat them exactly like a Slack requester. helpdesk.read may call read tools only; writes need
// helpdesk.act (checked on every call, not by hiding tools). A confirmation is asked with MCP
// elicitation and runs the stored pending action through the desk's click path (an Okta Verify number,
// when the policy wants one, is shown in a second elicitation); a client that
// cannot elicit gets a refusal, never an automatic yes. Sessions are bound to the person who opened them.
import { randomUUID } from 'node:crypto';
import type { IMastraLogger } from '@mastra/core/logger';
import { RequestContext } from '@mastra/core/request-context';
import { registerApiRoute, type ApiRoute } from '@mastra/core/server';
import { isValidationError, noopObserve, type Tool } from '@mastra/core/tools';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Desk, DeskAnswer } from '../helpdesk/desk.js';
import type { PendingActionStore } from '../helpdesk/pending-actions.js';
import { oktaFailure } from '../helpdesk/wording.js';
import { recordOktaCalls, type Directory, type OktaCall } from '../okta/index.js';
import { setVerifiedRequester } from '../mastra/request-context.js';
import { ACT_SCOPE, READ_SCOPE, type AccessTokenVerifier, type VerifiedToken } from './access-token.js';

export const MCP_PATH = '/mcp';
const METADATA_PATH = `/.well-known/oauth-protected-resource${MCP_PATH}`;
const MAX_SESSIONS = 500;

/** Tools that only read; every other tool changes accounts and needs helpdesk.act. */
const READ_TOOLS = new Set(['findUser', 'getUserDetails', 'listUserGroups', 'findGroup', 'queryUsers']);
/**
 * Tools whose result only Slack can deliver: a reset link goes to its owner by Slack DM, and a reset
 * without its link would leave the account in RECOVERY. They are refused here, before anything runs.
 */
const SLACK_ONLY_TOOLS = new Set(['resetPassword']);

const NO_ELICITATION = 'This change needs your confirmation, and this MCP client cannot ask for it (no elicitation support), so nothing was changed.';
/** Said to any caller, the help desk included: it names the Slack bot, never "the help desk" people. */
const SLACK_ONLY = 'Password reset links are delivered only by Slack direct message to the account owner, so this door cannot send one: ask the help desk bot in Slack. Nothing was changed.';
const NEEDS_SLACK_APPROVAL = 'This needs approval, and approval requests reach approvers through Slack only: ask in Slack. Nothing was requested or changed.';
const READ_ONLY = `This token has only the ${READ_SCOPE} scope: it can look things up but not change accounts; nothing was changed.`;

// oxlint-disable-next-line typescript/no-explicit-any -- the toolset mixes tools of different schemas
type AnyTool = Tool<any, any, any, any>;
type Person = { email: string; userId: string };
type Session = { transport: WebStandardStreamableHTTPServerTransport; userId: string };

export type McpDoorDeps = {
  verifyToken: AccessTokenVerifier;
  /** The issuer the tokens come from, published in the protected-resource metadata. */
  issuer: string;
  tools: Record<string, AnyTool>;
  desk: Desk;
  /** To withdraw an approval request at once: its card could only be delivered by the Slack door. */
  pending: Pick<PendingActionStore, 'close'>;
  directory: Directory;
  logger: IMastraLogger;
};

const text = (message: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: message }], ...(isError ? { isError } : {}) });

/** The Okta calls an answer was read from, as the Slack door's sources line lists them; nothing when there were none. */
function sourcesOf(calls: readonly OktaCall[]): string {
  const line = ({ method, path, status, requestId }: OktaCall) => [`${method} ${path}`, status === null ? 'no answer' : String(status), ...(requestId ? [`req ${requestId}`] : [])].join(' · ');
  return calls.length === 0 ? '' : `\n\nSources (Okta):\n${calls.map(line).join('\n')}`;
}

export function createMcpRoutes(deps: McpDoorDeps): ApiRoute[] {
  const sessions = new Map<string, Session>();

  /** After the elicitation: run exactly the stored action (confirm) or close it (anything else). */
  async function confirmByElicitation(server: Server, person: Person, answer: DeskAnswer): Promise<CallToolResult> {
    const clicker = { email: person.email };
    const pendingId = answer.pendingActionId!;
    if (!server.getClientCapabilities()?.elicitation) {
      await deps.desk.click(pendingId, 'cancel', clicker);
      return text(NO_ELICITATION, true);
    }
    let confirmed = false;
    try {
      const reply = await server.elicitInput({
        message: answer.summary,
        requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Confirm', description: 'Yes, do exactly this' } }, required: ['confirm'] },
      });
      confirmed = reply.action === 'accept' && reply.content?.confirm === true;
    } catch (error) {
      deps.logger.warn('MCP elicitation failed; the action is cancelled', { error: String(error) });
    }
    const result = await deps.desk.click(pendingId, confirmed ? 'confirm' : 'cancel', clicker);
    if (result.kind === 'refused') return text(result.message, true);
    if (result.kind === 'verifying') return verifyByPhone(server, pendingId, result.numberText);
    return text(result.cardText, result.kind === 'executed' && result.outcome.outcome === 'failed');
  }

  /**
   * The policy wants an Okta Verify push first: the number is shown in a second elicitation (the MCP
   * client's person is the requester, as a Slack DM would reach them), then the desk waits for the
   * phone and runs the action only if it was approved.
   */
  async function verifyByPhone(server: Server, pendingId: string, numberText: string): Promise<CallToolResult> {
    try {
      await server.elicitInput({ message: `${numberText} Press OK when you have answered on the phone.`, requestedSchema: { type: 'object', properties: {} } });
    } catch (error) {
      deps.logger.warn('MCP elicitation of the Okta Verify number failed; still waiting for the push', { error: String(error) });
    }
    const final = await deps.desk.awaitVerification(pendingId);
    if (!final) return text('The server is stopping while the Okta Verify push waits; it will finish the check when it starts again.', true);
    return text(final.cardText, final.kind !== 'executed' || final.outcome.outcome === 'failed');
  }

  function newServer(): Server {
    const server = new Server({ name: 'okta-helpdesk', version: '0.1.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: Object.entries(deps.tools).map(([name, tool]) => ({
        name,
        description: tool.description,
        inputSchema: z.toJSONSchema(tool.inputSchema as z.ZodType) as { type: 'object' },
        annotations: { readOnlyHint: READ_TOOLS.has(name) },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async ({ params }, extra) => {
      const person = extra.authInfo?.extra as Person | undefined;
      const tool = deps.tools[params.name];
      if (!person || !tool?.execute) return text(`Unknown tool ${params.name}.`, true);
      if (!READ_TOOLS.has(params.name) && !extra.authInfo!.scopes.includes(ACT_SCOPE)) return text(READ_ONLY, true);
      if (SLACK_ONLY_TOOLS.has(params.name)) return text(SLACK_ONLY, true);
      const requestContext = new RequestContext();
      setVerifiedRequester(requestContext, { email: person.email, source: 'mcp' });
      try {
        // Recorded so the audit rows of this call hold its Okta calls, as for a Slack turn.
        const { result: raw, calls } = await recordOktaCalls(async (): Promise<unknown> => tool.execute!(params.arguments ?? {}, { requestContext, observe: noopObserve }));
        if (isValidationError(raw)) return text(raw.message, true);
        const output = raw as Partial<DeskAnswer>;
        if (output.outcome === 'confirmation_requested' && output.pendingActionId) return await confirmByElicitation(server, person, output as DeskAnswer);
        if (output.outcome === 'approval_requested' && output.pendingActionId) {
          await deps.pending.close(output.pendingActionId, 'cancelled');
          return text(NEEDS_SLACK_APPROVAL, true);
        }
        return text(`${output.summary ?? JSON.stringify(output)}${sourcesOf(calls)}`, output.outcome === 'failed' || output.outcome === 'denied');
      } catch (error) {
        return text(oktaFailure(error).summary, true);
      }
    });
    return server;
  }

  /** The token's person in Okta now: an active user, with the email the desk knows them by. */
  async function personOf(token: VerifiedToken): Promise<Person | undefined> {
    const user = await deps.directory.getUser(token.userId);
    return user?.status === 'ACTIVE' ? { email: user.email.toLowerCase(), userId: user.id } : undefined;
  }

  async function openSession(request: Request, authInfo: AuthInfo, userId: string): Promise<Response> {
    if (sessions.size >= MAX_SESSIONS) {
      const [oldest] = sessions.values();
      await oldest?.transport.close();
    }
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => void sessions.set(id, { transport, userId }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await newServer().connect(transport);
    return transport.handleRequest(request, { authInfo });
  }

  const refuse = (resourceUrl: string, status: number, error: string, description: string) =>
    Response.json(
      { error, error_description: description },
      { status, headers: { 'WWW-Authenticate': `Bearer error="${error}", error_description="${description}", resource_metadata="${resourceUrl}${METADATA_PATH}"` } },
    );

  return [
    registerApiRoute(METADATA_PATH, {
      method: 'GET',
      requiresAuth: false,
      handler: async (c) => {
        const origin = new URL(c.req.url).origin;
        return c.json({ resource: `${origin}${MCP_PATH}`, authorization_servers: [deps.issuer], scopes_supported: [READ_SCOPE, ACT_SCOPE], bearer_methods_supported: ['header'] });
      },
    }),
    registerApiRoute(MCP_PATH, {
      method: 'ALL',
      requiresAuth: false,
      handler: async (c) => {
        const origin = new URL(c.req.url).origin;
        const token = await deps.verifyToken(c.req.header('authorization'));
        if ('error' in token) return refuse(origin, token.status, token.error, token.description);
        let person: Person | undefined;
        try {
          person = await personOf(token);
        } catch (error) {
          return Response.json({ error: 'temporarily_unavailable', error_description: oktaFailure(error).summary }, { status: 503 });
        }
        if (!person) return refuse(origin, 401, 'invalid_token', 'The token names nobody who is active in Okta.');
        const authInfo: AuthInfo = { token: '', clientId: token.clientId ?? '', scopes: token.scopes, expiresAt: token.expiresAt, extra: person };
        const sessionId = c.req.header('mcp-session-id');
        if (!sessionId) return openSession(c.req.raw, authInfo, person.userId);
        const session = sessions.get(sessionId);
        if (!session) return Response.json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }, { status: 404 });
        if (session.userId !== person.userId) return refuse(origin, 403, 'invalid_token', 'This MCP session belongs to someone else.');
        return session.transport.handleRequest(c.req.raw, { authInfo });
      },
    }),
  ];
}
