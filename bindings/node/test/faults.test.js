'use strict';
/**
 * The panic boundary from JavaScript: against an addon built with the core's
 * test-only fault-injection feature, with one fault site armed, a panic in
 * the core must surface as an `Error` with code ES_PANIC (thrown, or the
 * promise rejected), never as a crash. scripts/test-faults runs this file once
 * per site, with ENGAGESPOT_TOKEN_NODE_ADDON naming the fault build and
 * ENGAGESPOT_TOKEN_FAULT the site; without both it is skipped.
 */
const test = require('node:test');
const assert = require('node:assert/strict');

const addon = process.env.ENGAGESPOT_TOKEN_NODE_ADDON;
const site = process.env.ENGAGESPOT_TOKEN_FAULT;
// Skipped only when neither is set: half a setup is an error, not a skip.
const skip = addon || site ? false : 'needs a fault-injection build: run scripts/test-faults';

/** The core's ES_PANIC, as the binding throws it. */
function isPanic(error) {
  assert.ok(error instanceof Error && !(error instanceof TypeError), `not an Error: ${error}`);
  assert.equal(error.code, 'ES_PANIC');
  assert.match(error.message, /panicked/);
  return true;
}

test(`a panic at fault site ${site || '(none armed)'} is ES_PANIC, thrown and rejected`, { skip }, async () => {
  assert.ok(addon && site, 'set both ENGAGESPOT_TOKEN_NODE_ADDON and ENGAGESPOT_TOKEN_FAULT');
  const { EngagespotClient } = require('..');
  const { PRIVATE } = require('./helpers');
  const config = { apiKey: 'k', apiSecret: 's', signingKey: PRIVATE };
  switch (site) {
    case 'client_new':
      assert.throws(() => EngagespotClient(config), isPanic);
      assert.throws(() => new EngagespotClient(config), isPanic);
      await assert.rejects(async () => EngagespotClient(config).generateUserTokenAsync('x'), isPanic);
      break;
    case 'mint': {
      const client = EngagespotClient(config);
      assert.throws(() => client.generateUserToken('x'), isPanic);
      assert.throws(() => client.generateUserToken('x', { expiresIn: 60 }), isPanic);
      await assert.rejects(client.generateUserTokenAsync('x'), isPanic);
      await assert.rejects(client.generateUserTokenAsync('x', { jti: true }), isPanic);
      break;
    }
    default:
      assert.fail(`the Node binding has no fault site ${site}: arm client_new or mint`);
  }
});
