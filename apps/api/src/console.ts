import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'fs';
import { extname, join, resolve } from 'path';

/**
 * The web console (apps/console, built by `npm run console:build` into dist/console) is served
 * by the API at `/` when the build exists: its files, and index.html for any other GET (the
 * single-page app's client-side routes).
 *
 * The API's own HTTP routes must never be answered with index.html: the fallback route is a
 * RegExp that does not match them (a test walks the Express router and fails when a route is not
 * covered: add its prefix here). serve-static's `exclude` option is not used: its error handler
 * turns every error on an excluded path into a 404 (a 413 for a too-large /graphql body, say).
 */
export const API_ROUTE_PREFIXES = ['graphql', 'health', 'exports'] as const;

/** GET paths answered with index.html: all but the API's prefixes and /assets (a missing asset is a 404). */
export const SPA_PATH = new RegExp(`^/(?!(?:${[...API_ROUTE_PREFIXES, 'assets'].join('|')})(?:/|$))`);

/** dist/console of the repository (CONSOLE_DIR overrides; the API runs from the repository root). */
export function consoleDir(): string {
  return resolve(process.env.CONSOLE_DIR ?? join(process.cwd(), 'dist/console'));
}

const ASSET_CACHE = 'public, max-age=31536000, immutable';
const ASSET_NAME = /^\/assets\/[\w.-]+\.(?:js|css)$/;

/**
 * The build writes a gzip copy beside each JS and CSS asset (vite.config.ts); a client that
 * accepts gzip gets it (about a third of the bytes) without compressing on every request.
 */
export function precompressedAssets(root: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.originalUrl.split('?')[0];
    if (!ASSET_NAME.test(path) || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const file = join(root, path + '.gz');
    if (!existsSync(file)) return next();
    res.setHeader('content-type', extname(path) === '.css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('cache-control', ASSET_CACHE);
    res.sendFile(file, (err) => err && next());
  };
}

export function consoleModules(): (DynamicModule | typeof ConsoleAssetsModule)[] {
  const root = consoleDir();
  if (!existsSync(join(root, 'index.html'))) return [];
  return [
    ConsoleAssetsModule,
    ServeStaticModule.forRoot({
      rootPath: root,
      renderPath: SPA_PATH,
      serveStaticOptions: {
        index: 'index.html',
        // Hashed asset names: cache for a year; index.html always revalidated.
        setHeaders: (res: { setHeader(k: string, v: string): void }, path: string) => {
          res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? ASSET_CACHE : 'no-cache');
        },
      },
    }),
  ];
}

/** Registers the precompressed-asset middleware (Nest middleware runs before serve-static's files). */
@Module({})
export class ConsoleAssetsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(precompressedAssets(consoleDir())).forRoutes({ path: 'assets/{*path}', method: RequestMethod.GET });
  }
}
