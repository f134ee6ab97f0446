// Requires engagespot-token and prints "<code>: <message>" of the error it
// throws, or LOADED. The platform seen by the loader can be changed for the
// test: $FAKE_PLATFORM (process.platform), $FAKE_ARCH (process.arch), and
// $FAKE_MUSL=1 (a process report without glibcVersionRuntime, as on musl).
const fake = (name, value) => value && Object.defineProperty(process, name, { value });
fake('platform', process.env.FAKE_PLATFORM);
fake('arch', process.env.FAKE_ARCH);
if (process.env.FAKE_MUSL === '1') process.report.getReport = () => ({ header: {} });
try {
  require('engagespot-token');
  console.log('LOADED');
} catch (e) {
  console.log(`${e.code}: ${e.message}`);
}
