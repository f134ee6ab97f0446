/** ES module entry point of engagespot-token/next: the CommonJS module's exports. */
import cjs from './next.js';

/** See next.d.ts. */
export const { engagespotTokenRoute, engagespotClient } = cjs;
