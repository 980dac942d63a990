import { startWebServer } from './web-server';

startWebServer()
  .then(({ config, close }) => {
    process.stdout.write(`web listening on http://${config.host}:${config.port}\n`);
    const stop = () => void close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: unknown) => {
    process.stderr.write(`web could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
