// Two SDK mechanics the directory needs: per-call capture of x-okta-request-id, and bounded paging.
import okta, { type Client, type Collection, type GroupApi, type ResponseContext, type UserApi, type UserFactorApi } from '@okta/okta-sdk-nodejs';

// The SDK is CommonJS: Node's ESM loader sees only some of its exports as named ones.
const { createConfiguration, GroupApi: GroupApiClass, ServerConfiguration, UserApi: UserApiClass, UserFactorApi: UserFactorApiClass } = okta;

export type WriteApis = { users: UserApi; groups: GroupApi; factors: UserFactorApi };

/**
 * Runs `call` on API objects built for this call alone, with a response middleware that records the
 * x-okta-request-id of the (final, after 429 retries) response. Sharing the client's HTTP layer keeps
 * its auth, timeout and retries; a fresh configuration keeps concurrent calls from seeing each other's ids.
 */
export async function withRequestId<T>(client: Client, call: (apis: WriteApis) => Promise<T>): Promise<{ result: T; requestId?: string }> {
  let requestId: string | undefined;
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration<Record<string, string>>(client.baseUrl, {}),
    httpApi: client.http,
    promiseMiddleware: [
      {
        pre: async (context) => context,
        post: async (response: ResponseContext) => {
          requestId = response.headers['x-okta-request-id'] || undefined;
          return response;
        },
      },
    ],
  });
  const result = await call({ users: new UserApiClass(configuration), groups: new GroupApiClass(configuration), factors: new UserFactorApiClass(configuration) });
  return { result, requestId };
}

/**
 * Reads a lazy Collection up to `max` items (a huge org must not hold a request open). Errors of any
 * page surface here as rejections, like in `for await`.
 */
export async function collect<T>(list: Promise<Collection<T>>, max: number): Promise<T[]> {
  const collection = await list;
  const items: T[] = [];
  // A page may be empty yet link to another: bound the calls, not only the items.
  for (let calls = 0; items.length < max && calls < max + 5; calls++) {
    const { done, value } = await collection.next();
    if (value) items.push(value);
    if (done) break;
  }
  return items;
}
