'use strict';
/** Shared fixtures: test keys and an independent verifier (Node's crypto). */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const KEYS = path.resolve(__dirname, '..', '..', '..', 'tests', 'keys');
const key = (name) => fs.readFileSync(path.join(KEYS, name), 'utf8');
const PRIVATE = key('rsa2048.pkcs8.pem');
const PUBLIC = crypto.createPublicKey(key('rsa2048.pub.pem'));

/** Verifies with Node's own crypto.verify and returns { header, payload, payloadText }. */
function verify(token, publicKey = PUBLIC) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const ok = crypto.verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2], 'base64url'));
  if (!ok) throw new Error('signature does not verify');
  const payloadText = Buffer.from(parts[1], 'base64url').toString('utf8');
  return { header: Buffer.from(parts[0], 'base64url').toString('utf8'), payload: JSON.parse(payloadText), payloadText };
}

module.exports = { key, PRIVATE, PUBLIC, verify };
