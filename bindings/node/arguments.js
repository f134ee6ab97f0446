'use strict';
/**
 * How the JavaScript API reads its arguments, written once for both backends
 * (the native addon through index.js, the WebAssembly core through wasm.js):
 * the config's three properties and whether the key is the environment's,
 * which values a user identifier may be and how it is formatted, and how an
 * options object is walked. These are JavaScript's calling conventions only:
 * the values read go to the core, which checks each one (its type, its bound,
 * an option's name) and makes every error. Nothing here refuses a value,
 * except by handing the core something it refuses.
 */

const { MAX_TEXT_BYTES, OPTION_NAMES, takesEnvironment } = require('./rules.js');

/**
 * What optionEntries returns for options that are no options object (a
 * number, a string, a function, an array, a Map…): each backend hands the
 * core a value of the wrong type for it.
 */
const WRONG_TYPE = Symbol('engagespot-token: options of the wrong type');

/**
 * Collections hold their entries where property reads do not look, so
 * options given in one would silently be the defaults: they are the wrong type.
 */
const COLLECTIONS = [Map, Set, WeakMap, WeakSet];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string has no lone surrogate (String.prototype.isWellFormed where the runtime has it). */
function wellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : !LONE_SURROGATE.test(text);
}

/**
 * A name that is no option's, as the core is handed it: the core refuses it
 * quoting its start, so past the core's bound (MAX_TEXT_BYTES, in UTF-16
 * code units here, which is no more than in UTF-8 bytes) only the start goes,
 * not splitting a surrogate pair; a name with a lone surrogate anywhere goes
 * as a lone surrogate, which the core refuses as invalid text, as it refuses
 * the name itself.
 */
function unknownName(name) {
  if (name.length <= MAX_TEXT_BYTES) return name;
  if (!wellFormed(name)) return '\uD800';
  return name.slice(0, MAX_TEXT_BYTES - (/[\uD800-\uDBFF]/.test(name[MAX_TEXT_BYTES - 1]) ? 1 : 0));
}

/**
 * `object[name]`, read as JavaScript reads a property (getters, Proxy traps
 * and inherited properties count); what a getter or trap throws goes to
 * `threw(name, cause)`, which throws the core's error for it.
 */
function read(object, name, threw) {
  try {
    return object[name];
  } catch (cause) {
    return threw(name, cause);
  }
}

/**
 * The config's `apiKey`, `apiSecret` and `signingKey`, read in that order (the
 * order in which the core checks them), and `fromEnvironment`: whether the
 * signing key given stands for the environment variable SIGNING_KEY_VARIABLE
 * (rules.js's takesEnvironment: absent, null, empty), as in the official SDK.
 * Null when `config` is not an object, which the core refuses as the wrong type.
 */
function configValues(config, threw) {
  if (config === null || typeof config !== 'object') return null;
  const apiKey = read(config, 'apiKey', threw);
  const apiSecret = read(config, 'apiSecret', threw);
  const signingKey = read(config, 'signingKey', threw);
  return { apiKey, apiSecret, signingKey, fromEnvironment: takesEnvironment(signingKey) };
}

/**
 * A user identifier as the core takes it: a string as it is; a finite number
 * or a bigint formatted as `${identifier}` formats it (as the official SDK
 * does); null for null and undefined (the core's missing-argument error); any
 * other value unchanged, which the core refuses as the wrong type.
 */
function identifierText(identifier) {
  if (typeof identifier === 'number') return Number.isFinite(identifier) ? `${identifier}` : identifier;
  if (typeof identifier === 'bigint') return `${identifier}`;
  return identifier ?? null;
}

/**
 * Per-token options as the core takes them, in the order it takes them:
 * undefined for none (undefined or null), WRONG_TYPE for a value that is no
 * options object, else a list of [name, value] pairs. The object's own
 * enumerable names (Object.keys) come first, in its order, then the options
 * it inherits; an option whose value is undefined is one not given, as in a
 * spread. A name that is no option ends the list (bounded: unknownName),
 * paired with null: the core
 * refuses it whatever its value (naming the accepted ones), and the first bad
 * option is the error, as in every other binding. What a getter, a Proxy trap
 * or Object.keys throws goes to `threw(name, cause)`.
 */
function optionEntries(options, threw) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options) || COLLECTIONS.some((type) => options instanceof type)) {
    return WRONG_TYPE;
  }
  let names;
  try {
    names = Object.keys(options);
  } catch (cause) {
    threw('its property names', cause);
  }
  const entries = [];
  const inherited = OPTION_NAMES.filter((name) => !names.includes(name));
  for (const name of [...names, ...inherited]) {
    if (!OPTION_NAMES.includes(name)) {
      entries.push([unknownName(name), null]);
      break;
    }
    const value = read(options, name, threw);
    if (value !== undefined) entries.push([name, value]);
  }
  return entries;
}

module.exports = { WRONG_TYPE, configValues, identifierText, optionEntries, wellFormed };
