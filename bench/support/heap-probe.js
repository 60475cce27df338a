// Preloaded into the benchmarked apps by bench/soak.ts (`node --expose-gc -r <this> main.js`, with an
// IPC channel): on the message 'heap' it runs a full garbage collection and answers with
// process.memoryUsage(), so memory can be compared at equal footing (after a full GC) at the
// start and the end of a soak. Nothing else changes in the app; without IPC it does nothing.
if (typeof process.send === 'function') {
  process.on('message', (m) => {
    if (m !== 'heap') return;
    if (typeof global.gc === 'function') global.gc();
    // Let the collector finish its concurrent work before measuring.
    setTimeout(() => {
      if (typeof global.gc === 'function') global.gc();
      process.send({ heap: process.memoryUsage() });
    }, 200);
  });
  // The channel must not keep the app alive on shutdown.
  process.channel && process.channel.unref();
}
