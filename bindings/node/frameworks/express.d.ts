// engagespot-token/express: the token endpoint as an Express / node:http handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenEndpointOptions } from './token-endpoint';

export type { SignedInUserId, TokenEndpointOptions, TokenResponseBody } from './token-endpoint';
export { engagespotClient } from './token-endpoint';

/**
 * Returns the GET /engagespot/token handler: 401 when `userId` gives no id,
 * otherwise `{ token, expiresAt }`, always with `Cache-Control: no-store`.
 * Builds the shared client now, so a configuration error throws at boot.
 */
export declare function engagespotToken<Req extends IncomingMessage = IncomingMessage>(
  options: TokenEndpointOptions<Req>,
): (req: Req, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;
