'use strict';
/**
 * Finds and loads the native addon, and exports it.
 *
 * 1. $ENGAGESPOT_TOKEN_NODE_ADDON, when set: an explicit choice wins, and is
 *    the only place tried, so that a wrong path is reported, not bypassed.
 * 2. The prebuilt platform package, e.g. engagespot-token-linux-x64-gnu,
 *    which npm installs through optionalDependencies (its os, cpu and libc
 *    fields let exactly one install); only for the platforms in PREBUILT,
 *    so that no name this project does not publish is ever required.
 * 3. A local build, engagespot_token.node beside this file (npm run build).
 *
 * The addon must have this package's version. A file or package for another
 * platform (a node_modules copied from a Mac into a Linux image) is named
 * with both platforms and the way out. Every failure is an Error with
 * code ERR_ENGAGESPOT_TOKEN_LOAD: the core is not loaded yet, so these are
 * not the core's ES_ errors.
 */

const fs = require('node:fs');
const path = require('node:path');
const { version: PACKAGE_VERSION } = require('./package.json');

const LOAD_ERROR = 'ERR_ENGAGESPOT_TOKEN_LOAD';
/** The platforms with a prebuilt package (Linux: glibc 2.17 or later, or musl as on Alpine 3.17+). */
const PREBUILT = [
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'linux-arm64-musl',
  'darwin-arm64',
  'darwin-x64',
  'win32-x64',
];
const BUILD_HINT =
  'build it from source (Rust 1.88 or later): clone the engagespot-token repository, run ' +
  '"npm install && npm run build" in bindings/node, then set ENGAGESPOT_TOKEN_NODE_ADDON to the ' +
  'path of the engagespot_token.node it writes';
const REINSTALL_HINT =
  'node_modules was installed on another machine (for example copied from a Mac into a Linux image): ' +
  'run "npm ci" on this machine, with optional dependencies (not --omit=optional), and keep node_modules ' +
  'out of the image (add it to .dockerignore)';

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

/** The platform name of the packages: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64. */
function platformName() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  return `${platform}-${arch}`;
}

const ELF_MACHINES = { 0x3e: 'x64', 0xb7: 'arm64' };
const MACHO_CPUS = { 0x01000007: 'x64', 0x0100000c: 'arm64' };
const PE_MACHINES = { 0x8664: 'x64', 0xaa64: 'arm64' };

/**
 * The platform a native addon file was built for, read from its header (ELF,
 * Mach-O or PE), e.g. darwin-arm64; null if the file is not one of those. A
 * Linux file that asks for glibc symbol versions is -gnu, else -musl.
 */
function binaryPlatform(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (bytes.length < 64) return null;
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const libc = bytes.includes('GLIBC_') ? 'gnu' : 'musl';
    return `linux-${ELF_MACHINES[bytes.readUInt16LE(18)] ?? 'unknown'}-${libc}`;
  }
  if (bytes.readUInt32LE(0) === 0xfeedfacf) return `darwin-${MACHO_CPUS[bytes.readUInt32LE(4)] ?? 'unknown'}`;
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return `win32-${PE_MACHINES[bytes.readUInt16LE(pe + 4)] ?? 'unknown'}`;
    }
  }
  return null;
}

function loadError(message, cause) {
  const error = new Error(`engagespot-token: ${message}`, cause ? { cause } : undefined);
  error.code = LOAD_ERROR;
  return error;
}

/** Loads the addon at `target` (a path or a package name), or returns why not. */
function attempt(target, isPackage, platform) {
  try {
    return { addon: require(target) };
  } catch (cause) {
    const missing = cause?.code === 'MODULE_NOT_FOUND' && String(cause.message).includes(`'${target}'`);
    if (missing) return { failure: `${target}: ${isPackage ? 'not installed' : 'not found'}`, cause };
    // A file for another platform fails with "invalid ELF header", "Exec
    // format error" or a missing symbol: say which platform it is for.
    let file = target;
    try {
      file = require.resolve(target);
    } catch {}
    const built = binaryPlatform(file);
    const wrong = built && built !== platform ? `it is built for ${built}, but this machine is ${platform}: ` : '';
    return { failure: `${target}: ${wrong}${cause.message}`, cause, wrongPlatform: Boolean(wrong) };
  }
}

/** The other platform packages that are installed, e.g. copied in from another machine. */
function foreignPackages(platform) {
  return PREBUILT.filter((other) => {
    if (other === platform) return false;
    try {
      require.resolve(`engagespot-token-${other}`);
      return true;
    } catch {
      return false;
    }
  });
}

function load() {
  const platform = platformName();
  const override = process.env.ENGAGESPOT_TOKEN_NODE_ADDON;
  // Only a name this project publishes is ever required: on another
  // platform, `engagespot-token-<platform>` could be anyone's package.
  const published = PREBUILT.includes(platform) ? [[`engagespot-token-${platform}`, true]] : [];
  const candidates = override
    ? [[path.resolve(override), false, 'ENGAGESPOT_TOKEN_NODE_ADDON=']]
    : [...published, [path.join(__dirname, 'engagespot_token.node'), false]];
  const failures = [];
  let lastCause;
  let wrongPlatform = false;
  for (const [target, isPackage, label = ''] of candidates) {
    const attempted = attempt(target, isPackage, platform);
    if (attempted.addon) return checkVersion(attempted.addon, target);
    failures.push(label + attempted.failure);
    lastCause = attempted.cause;
    wrongPlatform ||= attempted.wrongPlatform;
  }
  const foreign = override ? [] : foreignPackages(platform);
  if (foreign.length > 0) {
    failures.push(`installed instead: ${foreign.map((other) => `engagespot-token-${other} (for ${other})`).join(', ')}`);
  }
  let remedy;
  if (!PREBUILT.includes(platform)) {
    remedy = `there is no prebuilt addon for ${platform} (only for ${PREBUILT.join(', ')}): ${BUILD_HINT}`;
  } else if (foreign.length > 0 || wrongPlatform) {
    remedy = `${REINSTALL_HINT}; npm then installs engagespot-token-${platform}. Or ${BUILD_HINT}`;
  } else {
    remedy =
      `reinstall engagespot-token with its optional dependencies (the prebuilt engagespot-token-${platform}; ` +
      `npm install --omit=optional leaves it out), or ${BUILD_HINT}`;
  }
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
