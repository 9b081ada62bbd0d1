/** One problem with a config file, and how it is written for people. */
export interface ConfigProblem {
  file: string;
  /** The key path: `packageRules[2].matchUpdateTypes[0]`. */
  key?: string;
  line?: number;
  /** Only for syntax errors. */
  column?: number;
  message: string;
}

/** One line: `file:line: key: message` (`file:line:column: message` for a syntax error). */
export function formatProblem(problem: ConfigProblem): string {
  const position = problem.line !== undefined ? `:${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}` : '';
  return `${problem.file}${position}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}
