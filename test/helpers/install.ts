/**
 * A private copy of the built package, for tests that change or watch dist/: the shared dist/ is written at any
 * moment by other test files' runs (code caches of new kinds of run, and their temporary files).
 */
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmpDir } from './cli.js';

/** The build's own files in dist/: the bundle, its id, the validated built-in inputs and the warmed code caches. */
const BUILT = /[\\/](dist|capacity\.cjs|build-id|known-inputs\.json|capacity-[0-9a-f]+-(plan|plan-profile|sweep)\.v8cache)$/;

/** bin/, package.json and the build's files copied; profiles, snapshots and node_modules linked (read only). */
export function privateInstall(): string {
  const install = mkdtempSync(join(tmpDir(), 'install-'));
  cpSync(join(ROOT, 'bin'), join(install, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true, filter: (src) => BUILT.test(src) });
  for (const shared of ['profiles', 'pricing-snapshots', 'node_modules']) symlinkSync(join(ROOT, shared), join(install, shared));
  return install;
}
