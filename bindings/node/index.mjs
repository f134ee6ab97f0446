/** ES module entry point: the same client as the CommonJS one. */
import cjs from './index.js';

/** See index.d.ts. */
export const { EngagespotClient, backend } = cjs;
export default cjs;
