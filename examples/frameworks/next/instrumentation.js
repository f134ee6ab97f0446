/**
 * Runs once when the server starts. Next evaluates route modules lazily, so
 * the shared client is built here: a missing or bad key stops the server at
 * boot with the core's error (`next start` would otherwise only log it and
 * keep serving 500s), instead of failing the first token request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { engagespotClient } = await import('engagespot-token/next');
    try {
      engagespotClient();
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  }
}
