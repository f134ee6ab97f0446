// engagespot-token/nest: the token endpoint as a NestJS dynamic module.
import type {
  CanActivate, DynamicModule, InjectionToken, MiddlewareConsumer, ModuleMetadata, NestModule,
  OptionalFactoryDependency, Type,
} from '@nestjs/common';
import type { EngagespotClient } from '../index.js';
import type { SignedInUserId } from './token-endpoint.js';

export type { SignedInUserId, TokenResponseBody } from './token-endpoint.js';

/** The injection token of the module's client: `@Inject(ENGAGESPOT_CLIENT) client: EngagespotClient`. */
export declare const ENGAGESPOT_CLIENT: unique symbol;

/** The injection token of the module's options. */
export declare const ENGAGESPOT_TOKEN_OPTIONS: unique symbol;

/** The client's settings and the user's id: what forRoot takes, or forRootAsync's factory returns. */
export interface EngagespotTokenModuleOptions<Req = any> {
  /** The API key; defaults to $ENGAGESPOT_API_KEY. */
  apiKey?: string;
  /** Accepted for the official SDK's parity, never put in a token; defaults to $ENGAGESPOT_API_SECRET. */
  apiSecret?: string;
  /** PEM text, bytes, or file:///absolute/path.pem; defaults to $ENGAGESPOT_PRIVATE_SIGNING_KEY. */
  signingKey?: string | Uint8Array;
  /** A client to use instead of building one from the settings above. */
  client?: EngagespotClient;
  /**
   * The signed-in user's id from the request, as the app's guard or
   * middleware left it; defaults to `req.user?.id`. Nothing else names the user.
   */
  userId?: (request: Req) => SignedInUserId | Promise<SignedInUserId>;
}

/** What shapes the module itself, given to forRoot or forRootAsync directly. */
export interface EngagespotTokenRouteOptions {
  /** The GET route; default `engagespot/token`. */
  path?: string;
  /** The app's guards the route runs behind (`AuthGuard('jwt')`, your own). */
  guards?: Array<CanActivate | Type<CanActivate>>;
  /** Makes ENGAGESPOT_CLIENT injectable in every module. */
  global?: boolean;
}

/** forRootAsync's argument: a factory for the options, with its imports and injected dependencies. */
export interface EngagespotTokenModuleAsyncOptions<Req = any>
  extends Pick<ModuleMetadata, 'imports'>, EngagespotTokenRouteOptions {
  useFactory: (...dependencies: any[]) => EngagespotTokenModuleOptions<Req> | Promise<EngagespotTokenModuleOptions<Req>>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

/**
 * GET /engagespot/token (or `path`) behind `guards`: 401 when no user is
 * signed in, otherwise `{ token, expiresAt }`, always with
 * `Cache-Control: no-store`; and the injectable ENGAGESPOT_CLIENT, built when
 * the app is created, so a configuration error fails `NestFactory.create`.
 */
export declare class EngagespotTokenModule implements NestModule {
  /** The module with options known now. */
  static forRoot<Req = any>(options?: EngagespotTokenModuleOptions<Req> & EngagespotTokenRouteOptions): DynamicModule;
  /** The module with options from a factory (ConfigService and the like). */
  static forRootAsync<Req = any>(options: EngagespotTokenModuleAsyncOptions<Req>): DynamicModule;
  /** Puts `Cache-Control: no-store` on the route, ahead of the guards. */
  configure(consumer: MiddlewareConsumer): void;
}
