/**
 * Packages that are ES modules only (octokit), for code that may run from the CommonJS bundle of the
 * local commands (scripts/bundle-cli.mjs): there `require` cannot load them (Node before 20.19) and an
 * `import()` inside the code-cached script needs an experimental flag. So such a package is imported
 * before the code that uses it is loaded — by the entry module when one offers an importer
 * (`globalThis.__upkeepImport`, cli/launch.ts), else here — and the bundle's stand-in for the package
 * hands out what was imported. In the ES module bundle and from source this is an ordinary import.
 */
type Importer = (specifier: string) => Promise<unknown>;
interface UpkeepGlobals {
  __upkeepImport?: Importer;
  __upkeepExternals?: Map<string, unknown>;
}

const globals = globalThis as UpkeepGlobals;

export async function preloadExternal(name: 'octokit'): Promise<void> {
  const loaded = (globals.__upkeepExternals ??= new Map());
  if (loaded.has(name)) return;
  loaded.set(name, await (globals.__upkeepImport ? globals.__upkeepImport(name) : import(name)));
}
