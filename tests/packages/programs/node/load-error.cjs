// Requires engagespot-token and prints "<code>: <message>" of the error it
// throws, or LOADED and the backend it chose ('native' or 'wasm'). The platform seen by the loader can be changed for the
// test: $FAKE_PLATFORM (process.platform), $FAKE_ARCH (process.arch), and
// $FAKE_MUSL=1 (/usr/bin/ldd reads as musl's, and the process report has no
// glibcVersionRuntime, as on Alpine).
const fake = (name, value) => value && Object.defineProperty(process, name, { value });
fake('platform', process.env.FAKE_PLATFORM);
fake('arch', process.env.FAKE_ARCH);
if (process.env.FAKE_MUSL === '1') {
  const fs = require('node:fs');
  const readFileSync = fs.readFileSync;
  fs.readFileSync = (file, ...rest) => (file === '/usr/bin/ldd' ? 'musl libc (x86_64)\n' : readFileSync(file, ...rest));
  process.report.getReport = () => ({ header: {} });
}
try {
  console.log(`LOADED ${require('engagespot-token').backend()}`);
} catch (e) {
  console.log(`${e.code}: ${e.message}`);
}
