// Run by the official Windows node.exe under Wine: loads engagespot-token as
// npm installed it, mints tokens three ways and provokes one error, and writes
// the results as JSON to the file named by argv[2] (Wine fails writes to a
// piped stdout with EBADF, so results go to a file).
'use strict';
const fs = require('node:fs');

async function main() {
  const { EngagespotClient } = require('engagespot-token');
  const client = EngagespotClient({ apiKey: 'win-key', signingKey: process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY });
  const result = {
    addon: Object.keys(require.cache).filter((file) => file.endsWith('.node')),
    platform: `${process.platform}-${process.arch}`,
    sync: client.generateUserToken('win-sync'),
    numeric: client.generateUserToken(42),
    async: await client.generateUserTokenAsync('win-async'),
  };
  try {
    EngagespotClient({ apiKey: 'win-key', signingKey: 'not a key' });
  } catch (error) {
    result.badKey = error.code;
  }
  return result;
}

main().then(
  (result) => fs.writeFileSync(process.argv[2], JSON.stringify(result)),
  (error) => fs.writeFileSync(process.argv[2], JSON.stringify({ error: `${error.code}: ${error.message}` })),
);
