// engagespot-token/next: the token endpoint as a Next.js App Router route handler.
import type { TokenEndpointOptions } from './token-endpoint';

export type { SignedInUserId, TokenEndpointOptions, TokenResponseBody } from './token-endpoint';
export { engagespotClient } from './token-endpoint';

/**
 * Returns the route's GET handler: 401 when `userId` gives no id, otherwise
 * `{ token, expiresAt }`, always with `Cache-Control: no-store`.
 */
export declare function engagespotTokenRoute(
  options: TokenEndpointOptions<Request>,
): (request: Request) => Promise<Response>;
