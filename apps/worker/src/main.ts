import 'reflect-metadata';
import { loadConfigOrExit } from '@app/platform';

async function main() {
  loadConfigOrExit(process.env);
  const { createWorkerApp } = await import('./bootstrap');
  const app = await createWorkerApp();
  const port = Number(process.env.PORT || 3001);
  await app.listen(port, '0.0.0.0');
  app.get(await import('nestjs-pino').then((m) => m.Logger)).log(`Worker running; health on http://127.0.0.1:${port}/health`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
