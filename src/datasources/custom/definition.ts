/**
 * A custom datasource as the repository config defines it (Renovate's `customDatasources.<name>`), as
 * plain data: where to ask, what the answer is written in, and the JSONata expressions that turn the
 * answer into releases. Deps name it as the datasource `custom.<name>`.
 */

/** What the registry answers in: JSON, YAML, one version per line, or an HTML page whose links are versions. */
export const CUSTOM_FORMATS = ['json', 'yaml', 'plain', 'html'] as const;
export type CustomFormat = (typeof CUSTOM_FORMATS)[number];

export interface CustomDatasourceDefinition {
  /** The URL asked when the dep names no registryUrl; a template of `packageName` and `currentValue`. */
  defaultRegistryUrlTemplate?: string;
  /** Default `json`. Renovate's `toml` is accepted by the config but not read (the lookup says so). */
  format?: CustomFormat | (string & {});
  /** JSONata expressions, each applied to the previous one's result; templates of `packageName` and `currentValue` first. */
  transformTemplates?: readonly string[];
}

/** The repository config's `customDatasources`, by name. */
export type CustomDatasources = Readonly<Record<string, CustomDatasourceDefinition>>;

export const CUSTOM_PREFIX = 'custom.';
