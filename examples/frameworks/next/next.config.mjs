import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from 'next/constants.js';

/**
 * Next's configuration, as a function of the phase. When a server starts
 * (`next start`, `next dev`), it builds the process's Engagespot client
 * first, so a missing or bad key stops the server with the core's error
 * before it listens; `next build` needs no secrets.
 */
export default async function nextConfig(phase) {
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) {
    const { engagespotClient } = await import('engagespot-token/next');
    engagespotClient();
  }
  return {
    // The package loads a native addon: Next must require it at run time, not bundle it.
    serverExternalPackages: ['engagespot-token'],
  };
}
