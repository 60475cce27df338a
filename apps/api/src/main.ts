import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/platform';

async function main() {
  try {
    loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const { createApiApp } = await import('./bootstrap');
  const app = await createApiApp();
  const port = Number(process.env.PORT || 3000);
  await app.listen(port, '0.0.0.0');
  app.get(await import('nestjs-pino').then((m) => m.Logger)).log(`API listening on http://127.0.0.1:${port}/graphql`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
