/** ES module entry point of engagespot-token/express: the CommonJS module's exports. */
import cjs from './express.js';

/** See express.d.ts. */
export const { engagespotToken, engagespotClient } = cjs;
