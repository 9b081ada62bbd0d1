import type { PackageFile } from './types.js';
import { parseYaml, type YamlFile } from './yaml/parse.js';

/** Build a `PackageFile` whose YAML parse and line index are computed once, when first needed. */
export function createPackageFile(path: string, content: string): PackageFile {
  let yaml: YamlFile | undefined;
  let lineStarts: number[] | undefined;
  return {
    path,
    content,
    yaml() {
      yaml ??= parseYaml(content, path);
      return yaml;
    },
    lineAt(offset: number) {
      if (!lineStarts) {
        lineStarts = [0];
        for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      }
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    },
  };
}
