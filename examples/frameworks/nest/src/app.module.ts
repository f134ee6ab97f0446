/**
 * The app: the token module behind the app's guard. Its client comes from
 * ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY, and its user from
 * `req.user.id`, both defaults; forRootAsync takes the same options from a
 * factory (ConfigService), see docs.
 */
import { Module } from '@nestjs/common';
import { EngagespotTokenModule } from 'engagespot-token/nest';
import { BasicSignInGuard, type User } from './basic-sign-in.guard.js';

@Module({
  imports: [
    EngagespotTokenModule.forRoot<{ user?: User }>({
      guards: [BasicSignInGuard],
      userId: (request) => request.user?.id,
    }),
  ],
})
export class AppModule {}
