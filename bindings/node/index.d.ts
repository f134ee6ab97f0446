/**
 * engagespot-token: mint Engagespot secure-mode user tokens (RS256 JWTs),
 * a drop-in for `@engagespot/node`'s `generateUserToken`.
 */

/** What `EngagespotClient` takes; the same object as the official SDK's. */
export interface EngagespotClientOptions {
  /** The API key shown in the Engagespot console; goes into every token. */
  apiKey: string;
  /** Accepted for parity with the official SDK; never put in a token. */
  apiSecret?: string | null;
  /**
   * The RSA private key downloaded from the console, as PEM text (or a Buffer
   * of it). Defaults to `process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY`.
   */
  signingKey?: string | Buffer | null;
}

/** Per-token choices. */
export interface TokenOptions {
  /** Seconds from `iat` to `exp` (default 3600); `null` leaves `exp` out, as the official SDK does. */
  expiresIn?: number | null;
  /** `iat` in unix seconds (default: now), for reproducible tokens. */
  issuedAt?: number;
  /** Add a random 128-bit `jti`, so that tokens of the same second differ. */
  jti?: boolean;
}

/** Error codes, identical to the C `es_status` names and the PHP error names. */
export type EngagespotTokenErrorCode =
  | 'ES_NULL_ARGUMENT' | 'ES_INVALID_UTF8' | 'ES_WRONG_TYPE'
  | 'ES_API_KEY_MISSING' | 'ES_API_KEY_INVALID'
  | 'ES_IDENTIFIER_EMPTY' | 'ES_IDENTIFIER_TOO_LONG' | 'ES_IDENTIFIER_INVALID'
  | 'ES_INVALID_EXPIRY' | 'ES_INVALID_ISSUED_AT'
  | 'ES_KEY_MISSING' | 'ES_KEY_IS_PATH' | 'ES_KEY_IS_PUBLIC' | 'ES_KEY_ENCRYPTED'
  | 'ES_KEY_NOT_RSA' | 'ES_KEY_TOO_SMALL' | 'ES_KEY_TOO_LARGE' | 'ES_KEY_MALFORMED'
  | 'ES_SIGNING_FAILED';

/** Thrown errors carry the core's code; wrong argument types throw a `TypeError`. */
export interface EngagespotTokenError extends Error {
  code: EngagespotTokenErrorCode;
}

/** A client holding a parsed signing key. */
export interface EngagespotClient {
  /** Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later. */
  generateUserToken(identifier: string, options?: TokenOptions): string;
  /** The same, signed on the libuv threadpool so the event loop is not blocked. */
  generateUserTokenAsync(identifier: string, options?: TokenOptions): Promise<string>;
}

/** Creates a client; call it as a factory, like the official SDK, or with `new`. */
export declare const EngagespotClient: {
  (options: EngagespotClientOptions): EngagespotClient;
  new (options: EngagespotClientOptions): EngagespotClient;
};

declare const _default: { EngagespotClient: typeof EngagespotClient };
export default _default;
