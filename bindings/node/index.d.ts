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
   * of it), or `file:///path` to read it from a file. When falsy (`''`,
   * `null`, absent) it is `process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY`.
   */
  signingKey?: string | Buffer | null;
}

/** Per-token choices. Any other key is an `ES_UNKNOWN_OPTION` error. */
export interface TokenOptions {
  /** Seconds from `iat` to `exp` (default 3600); `null` leaves `exp` out, as the official SDK does. */
  expiresIn?: number | null;
  /** `iat` in unix seconds (default: now), for reproducible tokens. */
  issuedAt?: number | null;
  /** Add a random 128-bit `jti`, so that tokens of the same second differ. */
  jti?: boolean | null;
  /** `false` leaves `iat` out; with `expiresIn: null` the claims are the official PHP SDK's `{sub, apiKey}`. */
  includeIat?: boolean | null;
}

/**
 * Error codes: the core's catalogue (src/catalogue.rs), identical to the C
 * `es_status` names and the PHP, Python and Ruby error names. A test checks
 * this list against the catalogue.
 */
export type EngagespotTokenErrorCode =
  | 'ES_NULL_ARGUMENT' | 'ES_INVALID_UTF8'
  | 'ES_API_KEY_MISSING' | 'ES_API_KEY_INVALID'
  | 'ES_IDENTIFIER_EMPTY' | 'ES_IDENTIFIER_TOO_LONG' | 'ES_IDENTIFIER_INVALID'
  | 'ES_INVALID_EXPIRY' | 'ES_INVALID_ISSUED_AT' | 'ES_WRONG_TYPE' | 'ES_UNKNOWN_OPTION' | 'ES_API_KEY_HOLDS_PEM'
  | 'ES_CLIENT_FREED'
  | 'ES_KEY_MISSING' | 'ES_KEY_IS_PATH' | 'ES_KEY_IS_PUBLIC' | 'ES_KEY_ENCRYPTED'
  | 'ES_KEY_NOT_RSA' | 'ES_KEY_TOO_SMALL' | 'ES_KEY_TOO_LARGE' | 'ES_KEY_MALFORMED'
  | 'ES_KEY_AMBIGUOUS' | 'ES_KEY_UNSUPPORTED' | 'ES_KEY_FILE_UNREADABLE'
  | 'ES_SIGNING_FAILED' | 'ES_SYNC_UNAVAILABLE' | 'ES_PANIC';

/**
 * Thrown errors carry the core's code. Wrong or missing argument types
 * (`ES_WRONG_TYPE`, `ES_NULL_ARGUMENT`) are thrown as `TypeError`s, every
 * other code as an `Error`. A native addon that cannot be loaded throws an
 * `Error` with code `ERR_ENGAGESPOT_TOKEN_LOAD`, which is not a core code.
 */
export interface EngagespotTokenError extends Error {
  code: EngagespotTokenErrorCode;
}

/** A user identifier: a string, or a number or bigint formatted as `${identifier}` does. */
export type UserIdentifier = string | number | bigint;

/**
 * What mints the tokens: `'native'`, the native addon; `'wasm'`, the
 * WebAssembly core signing with the runtime's crypto (node:crypto, WebCrypto).
 */
export type Backend = 'native' | 'wasm';

/** A client holding a parsed signing key. */
export interface EngagespotClient {
  /**
   * Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later.
   * On runtimes whose only RSA signer is WebCrypto (Workers, Vercel Edge) it
   * throws `ES_SYNC_UNAVAILABLE`: use `generateUserTokenAsync` there.
   */
  generateUserToken(identifier: UserIdentifier, options?: TokenOptions): string;
  /** The same, signed off the event loop (the libuv threadpool, or WebCrypto). */
  generateUserTokenAsync(identifier: UserIdentifier, options?: TokenOptions): Promise<string>;
  /** The backend this client runs on. */
  readonly backend: Backend;
  /**
   * Frees the client now: its key is wiped (once asynchronous calls still
   * signing finish) and every later call throws `ES_CLIENT_FREED`; a second
   * call does nothing. Build one client per process or isolate and keep it;
   * where a client must be short-lived, free it, or declare it with `using`.
   * Cloudflare Workers have no FinalizationRegistry: a client dropped there
   * without free() keeps its key in the module's memory until the isolate ends.
   */
  free(): void;
  /** `using client = EngagespotClient(…)`: free() at the end of the block. */
  [Symbol.dispose](): void;
}

/** Creates a client; call it as a factory, like the official SDK, or with `new`. */
export declare const EngagespotClient: {
  (options: EngagespotClientOptions): EngagespotClient;
  new (options: EngagespotClientOptions): EngagespotClient;
};

/**
 * The backend this process loaded: the native addon when one loads, else the
 * WebAssembly core; `ENGAGESPOT_TOKEN_BACKEND=native|wasm` forces one.
 */
export declare function backend(): Backend;

declare const _default: { EngagespotClient: typeof EngagespotClient; backend: typeof backend };
export default _default;
