// engagespot-token/hono: the token endpoint as a Hono handler (Node, Workers, Deno, Bun, Vercel Edge).
import type { Context, Env, Handler } from 'hono';
import type { EngagespotClient } from '../index.js';
import type { SignedInUserId } from './token-endpoint.js';

export type { SignedInUserId, TokenResponseBody } from './token-endpoint.js';

/** Options of the Hono token endpoint, for an app whose bindings and variables are `E`. */
export interface HonoTokenEndpointOptions<E extends Env = Env> {
  /**
   * Returns the signed-in user's id as the app's auth middleware set it
   * (`c.get('user')?.id`); nothing else names the user.
   */
  userId: (c: Context<E>) => SignedInUserId | Promise<SignedInUserId>;
  /** The client to mint with; defaults to `engagespotClient(c.env)`, built at the first request. */
  client?: EngagespotClient;
}

/**
 * Returns the GET /engagespot/token handler: 401 when `userId` gives no id,
 * otherwise `{ token, expiresAt }`, always with `Cache-Control: no-store`.
 */
export declare function engagespotToken<E extends Env = Env>(options: HonoTokenEndpointOptions<E>): Handler<E>;

/**
 * The one client of the process or isolate, built on first call from
 * ENGAGESPOT_API_KEY, ENGAGESPOT_API_SECRET and ENGAGESPOT_PRIVATE_SIGNING_KEY
 * in `env` (Workers' `c.env`) or the process environment; throws the core's
 * error on a missing or bad setting.
 */
export declare function engagespotClient(env?: object): EngagespotClient;
