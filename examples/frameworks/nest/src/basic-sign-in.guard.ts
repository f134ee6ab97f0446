/**
 * The app's own guard, FOR THE EXAMPLE ONLY: HTTP Basic auth whose username
 * names the user, with any password, so that a test can play a signed-in
 * user. A real app has AuthGuard('jwt') from @nestjs/passport, or its own
 * session guard, in its place; the token module stays the same.
 */
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';

/** The signed-in user, as a passport strategy would put it on `req.user`. */
export interface User {
  id: string | number;
}

/**
 * Two accounts whose ids have the types a user model gives them (a UUID
 * primary key, kept as a string; an integer key); any other username is its own id.
 */
const USER_IDS = new Map<string, string | number>([
  ['uuid-keyed', '3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f'],
  ['integer-keyed', 4711],
]);

/** Signs in whoever `Authorization: Basic base64(name:anything)` names, as `req.user`; 401 for no one. */
@Injectable()
export class BasicSignInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { user?: User }>();
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    if (scheme === 'Basic' && encoded) {
      const credentials = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = credentials.indexOf(':');
      const name = colon < 0 ? credentials : credentials.slice(0, colon);
      if (name) {
        request.user = { id: USER_IDS.get(name) ?? name };
        return true;
      }
    }
    throw new UnauthorizedException({ error: 'not signed in' });
  }
}
