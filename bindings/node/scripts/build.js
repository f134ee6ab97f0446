#!/usr/bin/env node
/**
 * Builds the native addon with cargo alone (napi-rs needs no Node headers and
 * nothing is downloaded) and copies it to engagespot_token.node.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
// The whole workspace, as scripts/test builds it: selecting one member changes
// feature unification and would rebuild the core crate.
execFileSync('cargo', ['build', '--release', '--workspace'], { cwd: root, stdio: 'inherit' });
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const file = { darwin: 'libengagespot_token_node.dylib', win32: 'engagespot_token_node.dll' }[process.platform] ?? 'libengagespot_token_node.so';
// Copied beside it, then renamed over it: a process that has the old addon
// loaded keeps its mapping (copying in place would rewrite the pages under it,
// and it would crash).
const addon = path.join(__dirname, '..', 'engagespot_token.node');
fs.copyFileSync(path.join(targetDir, 'release', file), `${addon}.${process.pid}.tmp`);
fs.renameSync(`${addon}.${process.pid}.tmp`, addon);
console.log('built engagespot_token.node');
