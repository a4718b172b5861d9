/**
 * zod compiles a fast parser per object schema with `new Function` on first use; a CLI parses each schema once per
 * run, so compiling costs more than it saves. Imported before any schema is defined.
 */
import { config } from 'zod/mini';

config({ jitless: true });
