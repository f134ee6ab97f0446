'use strict';
/**
 * Finds and loads the native addon, and exports it.
 *
 * 1. $ENGAGESPOT_TOKEN_NODE_ADDON, when set: an explicit choice wins, and is
 *    the only place tried, so that a wrong path is reported, not bypassed.
 * 2. The prebuilt platform package, e.g. engagespot-token-linux-x64-gnu,
 *    which npm installs through optionalDependencies.
 * 3. A local build, engagespot_token.node beside this file (npm run build).
 *
 * The addon must have this package's version. Every failure is an Error with
 * code ERR_ENGAGESPOT_TOKEN_LOAD: the core is not loaded yet, so these are
 * not the core's ES_ errors.
 */

const fs = require('node:fs');
const path = require('node:path');
const { version: PACKAGE_VERSION } = require('./package.json');

const LOAD_ERROR = 'ERR_ENGAGESPOT_TOKEN_LOAD';
/** The platforms with a prebuilt package (glibc 2.17 or later). */
const PREBUILT = ['linux-x64-gnu', 'linux-arm64-gnu'];
const BUILD_HINT =
  'build it from source (Rust 1.88 or later): clone the engagespot-token repository, run ' +
  '"npm install && npm run build" in bindings/node, then set ENGAGESPOT_TOKEN_NODE_ADDON to the ' +
  'path of the engagespot_token.node it writes';

/**
 * Whether this Linux process runs on musl rather than glibc, without network
 * work: process.report.getReport() looks up the peer of every open socket
 * (nodejs/node#46060), which stalled a lazy require for seconds. First, as
 * detect-libc does, the text of /usr/bin/ldd (a glibc shell script, or a link
 * to the musl loader); failing that, the report with networking excluded.
 */
function isMusl() {
  try {
    const ldd = fs.readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return true;
    if (ldd.includes('GNU C Library') || ldd.includes('GLIBC')) return false;
  } catch {
    // No ldd: ask the report.
  }
  const { report } = process;
  if (typeof report?.getReport !== 'function') return false;
  const excluded = report.excludeNetwork;
  report.excludeNetwork = true;
  try {
    return !report.getReport().header?.glibcVersionRuntime;
  } finally {
    report.excludeNetwork = excluded;
  }
}

/** The napi-rs platform name: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc. */
function platformName() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function loadError(message, cause) {
  const error = new Error(`engagespot-token: ${message}`, cause ? { cause } : undefined);
  error.code = LOAD_ERROR;
  return error;
}

/** Loads the addon at `target` (a path or a package name), or returns why not. */
function attempt(target, isPackage) {
  try {
    return { addon: require(target) };
  } catch (cause) {
    const missing = cause?.code === 'MODULE_NOT_FOUND' && String(cause.message).includes(`'${target}'`);
    return { failure: `${target}: ${missing ? (isPackage ? 'not installed' : 'not found') : cause.message}`, cause };
  }
}

function load() {
  const platform = platformName();
  const override = process.env.ENGAGESPOT_TOKEN_NODE_ADDON;
  const candidates = override
    ? [[path.resolve(override), false, 'ENGAGESPOT_TOKEN_NODE_ADDON=']]
    : [
        [`engagespot-token-${platform}`, true],
        [path.join(__dirname, 'engagespot_token.node'), false],
      ];
  const failures = [];
  let lastCause;
  for (const [target, isPackage, label = ''] of candidates) {
    const { addon, failure, cause } = attempt(target, isPackage);
    if (addon) return checkVersion(addon, target);
    failures.push(label + failure);
    lastCause = cause;
  }
  const remedy = PREBUILT.includes(platform)
    ? `reinstall engagespot-token with its optional dependencies (the prebuilt engagespot-token-${platform}), or ${BUILD_HINT}`
    : `there is no prebuilt addon for ${platform} (only for ${PREBUILT.join(' and ')}, glibc 2.17 or later): ${BUILD_HINT}`;
  throw loadError(`no native addon for ${platform} could be loaded (tried ${failures.join('; ')}); ${remedy}.`, lastCause);
}

/** Refuses an addon built from another version of the core than this wrapper. */
function checkVersion(addon, target) {
  const nativeVersion = typeof addon.version === 'function' ? addon.version() : 'unknown';
  if (nativeVersion !== PACKAGE_VERSION) {
    throw loadError(
      `the native addon ${target} is version ${nativeVersion}, but this package is version ${PACKAGE_VERSION}; ` +
        'install matching versions (npm install engagespot-token@' + PACKAGE_VERSION + ') or rebuild the addon',
    );
  }
  return addon;
}

module.exports = load();
