import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The installed package's root (where `profiles/` and `pricing-snapshots/` live), from src/ or from the bundle. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'pricing-snapshots'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the capacity package root');
    dir = parent;
  }
  cached = dir;
  return dir;
}
