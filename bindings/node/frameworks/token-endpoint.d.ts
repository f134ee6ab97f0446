// Types shared by engagespot-token/express and engagespot-token/next.
import type { EngagespotClient, UserIdentifier } from '../index';

/** What `userId` may return: the signed-in user's id, or null/undefined (or '') for nobody. */
export type SignedInUserId = UserIdentifier | null | undefined;

/** Options of the token endpoint, given the request type `Req`. */
export interface TokenEndpointOptions<Req> {
  /**
   * Returns the signed-in user's id from the framework's authenticated user
   * (`req.user`, the session, Auth.js `auth()`); nothing else names the user.
   */
  userId: (request: Req) => SignedInUserId | Promise<SignedInUserId>;
  /** The client to mint with; defaults to the process's shared client from the environment. */
  client?: EngagespotClient;
}

/** The endpoint's JSON answer for a signed-in user. */
export interface TokenResponseBody {
  /** The user's token, for the inbox's `userToken`. */
  token: string;
  /** The token's `exp`, in unix seconds: fetch a new token before then. */
  expiresAt: number;
}

/**
 * The process's one client, built on first call from ENGAGESPOT_API_KEY,
 * ENGAGESPOT_API_SECRET and ENGAGESPOT_PRIVATE_SIGNING_KEY; throws the core's
 * error on a missing or bad setting.
 */
export declare function engagespotClient(): EngagespotClient;
