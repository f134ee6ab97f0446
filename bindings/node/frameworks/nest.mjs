/**
 * engagespot-token/nest: the token endpoint as a NestJS dynamic module.
 *
 *   @Module({ imports: [EngagespotTokenModule.forRoot({ guards: [AuthGuard('jwt')] })] })
 *   export class AppModule {}
 *
 * gives GET /engagespot/token behind the app's own guard(s), answering the
 * token of `req.user.id` (or of `options.userId(req)`), and makes the client
 * injectable as `@Inject(ENGAGESPOT_CLIENT)`. The client is a provider, so a
 * missing or bad key fails `NestFactory.create` with the core's error.
 *
 * Written without decorator syntax (this file is plain JavaScript): each
 * class gets Nest's decorators applied as the functions they are.
 */
import {
  Controller, Get, Inject, Module, Req, RequestMethod, UnauthorizedException, UseGuards,
} from '@nestjs/common';
import endpoint from './token-endpoint.js';
import common from './endpoint-common.js';
import api from '../index.js';

const { API_KEY_VARIABLE, API_SECRET_VARIABLE, NO_STORE, ANONYMOUS_BODY, isAnonymous, tokenBody } = common;

/** The injection token of the module's EngagespotClient. */
export const ENGAGESPOT_CLIENT = Symbol.for('engagespot-token.nest.client');

/** The injection token of the module's options (forRoot's, or what forRootAsync's factory returned). */
export const ENGAGESPOT_TOKEN_OPTIONS = Symbol.for('engagespot-token.nest.options');

/** The injection token of the route's path, for the module's no-store middleware. */
const ROUTE_PATH = Symbol.for('engagespot-token.nest.path');

/** The route when `path` is not given. */
const DEFAULT_PATH = 'engagespot/token';

/** The default `userId`: the `id` of the user the app's guard or middleware put on the request. */
const requestUserId = (request) => request.user?.id;

/**
 * The client for `options`: options.client; else one from apiKey, apiSecret
 * and signingKey, each falling back to the environment; else (none given)
 * the process's shared client. Throws the core's error on a bad setting.
 */
function clientFor(options) {
  if (options.client) return options.client;
  const { apiKey, apiSecret, signingKey } = options;
  if (apiKey === undefined && apiSecret === undefined && signingKey === undefined) return endpoint.sharedClient();
  return api.EngagespotClient({
    apiKey: apiKey ?? process.env[API_KEY_VARIABLE] ?? '',
    apiSecret: apiSecret ?? process.env[API_SECRET_VARIABLE],
    signingKey,
  });
}

/** Applies Nest's parameter decorator `decorator` to parameter `index` of `method` (undefined: the constructor). */
function decorateParameter(decorator, target, method, index) {
  decorator(target, method, index);
}

/**
 * A controller class for one module instance: GET `path`, behind `guards`.
 * It answers 401 itself too when no user is signed in, so that a route left
 * without a guard is still safe.
 */
function tokenController(path, guards) {
  class EngagespotTokenController {
    constructor(client, options) {
      this.client = client;
      this.userId = options.userId ?? requestUserId;
    }

    /** The signed-in user's `{ token, expiresAt }`; the request names no one. */
    async token(request) {
      const id = await this.userId(request);
      if (isAnonymous(id)) throw new UnauthorizedException(ANONYMOUS_BODY);
      return tokenBody(this.client, id);
    }
  }
  const prototype = EngagespotTokenController.prototype;
  decorateParameter(Inject(ENGAGESPOT_CLIENT), EngagespotTokenController, undefined, 0);
  decorateParameter(Inject(ENGAGESPOT_TOKEN_OPTIONS), EngagespotTokenController, undefined, 1);
  decorateParameter(Req(), prototype, 'token', 0);
  Get(path)(prototype, 'token', Object.getOwnPropertyDescriptor(prototype, 'token'));
  if (guards.length > 0) UseGuards(...guards)(EngagespotTokenController);
  Controller()(EngagespotTokenController);
  return EngagespotTokenController;
}

/** Sets `Cache-Control: no-store` ahead of the guards, so that their 401 is not stored either. */
function noStore(_request, response, next) {
  for (const [name, value] of Object.entries(NO_STORE)) response.setHeader(name, value);
  next();
}

/**
 * The module. `forRoot(options)` and `forRootAsync({ imports, inject,
 * useFactory })` take the client's settings (`apiKey`, `apiSecret`,
 * `signingKey`, or a `client`; default: the environment) and `userId`; the
 * route's `path`, `guards` and `global` are given to either directly, since
 * they shape the module before any provider exists.
 */
export class EngagespotTokenModule {
  constructor(path) {
    this.path = path;
  }

  /** Puts the no-store middleware on the token route. */
  configure(consumer) {
    consumer.apply(noStore).forRoutes({ path: this.path, method: RequestMethod.GET });
  }

  /** The module with options known now. */
  static forRoot(options = {}) {
    return moduleFor(options, { provide: ENGAGESPOT_TOKEN_OPTIONS, useValue: options });
  }

  /** The module with options from a factory (ConfigService and the like). */
  static forRootAsync(options) {
    if (typeof options?.useFactory !== 'function') {
      throw new TypeError('EngagespotTokenModule.forRootAsync: options.useFactory must be a function returning the options');
    }
    return moduleFor(options, {
      provide: ENGAGESPOT_TOKEN_OPTIONS,
      useFactory: async (...dependencies) => (await options.useFactory(...dependencies)) ?? {},
      inject: options.inject ?? [],
    }, options.imports ?? []);
  }
}
decorateParameter(Inject(ROUTE_PATH), EngagespotTokenModule, undefined, 0);
Module({})(EngagespotTokenModule);

/** The dynamic module for route settings `route` and the options provider `optionsProvider`. */
function moduleFor(route, optionsProvider, imports = []) {
  const path = route.path ?? DEFAULT_PATH;
  return {
    module: EngagespotTokenModule,
    global: route.global === true,
    imports,
    controllers: [tokenController(path, route.guards ?? [])],
    providers: [
      optionsProvider,
      { provide: ROUTE_PATH, useValue: path },
      { provide: ENGAGESPOT_CLIENT, useFactory: clientFor, inject: [ENGAGESPOT_TOKEN_OPTIONS] },
    ],
    exports: [ENGAGESPOT_CLIENT],
  };
}
