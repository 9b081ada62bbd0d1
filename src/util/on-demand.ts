/**
 * A CommonJS package loaded the first time it is used. For packages only some configs need — JSONata
 * (custom datasource transforms), later.js (text schedules) — so that a run without them neither reads
 * nor compiles them: required at run time from node_modules, they also stay out of the CLI bundle.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

export function onDemand<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
