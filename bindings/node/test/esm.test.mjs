import test from 'node:test';
import assert from 'node:assert/strict';
import { EngagespotClient } from 'engagespot-token';
import helpers from './helpers.js';

test('the docs snippet works unchanged (ESM)', () => {
  const client = EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 's', signingKey: helpers.PRIVATE });
  const token = client.generateUserToken('identifier');
  assert.equal(helpers.verify(token).payload.sub, 'user:identifier');
  assert.ok(new EngagespotClient({ apiKey: 'k', signingKey: helpers.PRIVATE }) instanceof EngagespotClient);
});

test('the framework adapters load as ES modules', async () => {
  const express = await import('engagespot-token/express');
  const next = await import('engagespot-token/next');
  assert.equal(typeof express.engagespotToken, 'function');
  assert.equal(typeof next.engagespotTokenRoute, 'function');
  assert.equal(express.engagespotClient, next.engagespotClient);
});
