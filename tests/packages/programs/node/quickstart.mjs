// The README's Node snippet, as ESM: prints one token for the identifier
// given (argv[2]), signed with $ENGAGESPOT_PRIVATE_SIGNING_KEY.
import { EngagespotClient } from 'engagespot-token';

const apiKey = 'demo-api-key', apiSecret = 'demo-secret', signingKey = process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
const client = EngagespotClient({ apiKey, apiSecret, signingKey });
console.log(client.generateUserToken(process.argv[2] || 'identifier'));
