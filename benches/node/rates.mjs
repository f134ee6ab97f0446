/** Shared by the Node benchmarks (bench.mjs, wasm.mjs). */

/**
 * Tokens/s of each contender, measured in interleaved slices of 0.1 s (all
 * forward, then all backward, until each has run SECONDS), so that every
 * contender sees the same machine.
 */
export async function rates(contenders, seconds) {
  const names = Object.keys(contenders);
  const counts = Object.fromEntries(names.map((n) => [n, 0]));
  const times = Object.fromEntries(names.map((n) => [n, 0]));
  for (const name of names) {
    for (const end = performance.now() + 100; performance.now() < end;) await contenders[name]();
  }
  for (let spent = 0; spent < seconds * 1000; spent += 100, names.reverse()) {
    for (const name of names) {
      const start = performance.now();
      let elapsed;
      do {
        await contenders[name]();
        counts[name] += name.endsWith('_64_in_flight') ? 64 : 1;
      } while ((elapsed = performance.now() - start) < 100);
      times[name] += elapsed;
    }
  }
  return names.map((name) => [name, (counts[name] * 1000) / times[name]]);
}
