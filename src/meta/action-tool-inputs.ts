/**
 * Tool versions that setup actions take as inputs (`uses: actions/setup-python@v5` `with:
 * python-version: "3.12"`), as data: for each action, the input that pins a tool and where that tool's
 * versions are looked up. The list follows what Renovate 44's github-actions manager reads (its
 * "uses-with" deps), so a repository moving from Renovate keeps these updates.
 *
 * A datasource Upkeep does not have (npm, java-version, …) still lists the dep, skipped as
 * unsupported, so the report shows what is pinned.
 */

export interface ToolInput {
  /** The action input (`python-version`). */
  input: string;
  depName: string;
  packageName: string;
  datasource: string;
  versioning?: string;
  /** Release tags carrying more than the version (`3.12.1-123456`): the version is the `version` group. */
  extractVersion?: string;
}

/** actions/python-versions, node-versions, go-versions tag their releases `<version>-<build id>`. */
const VERSIONS_REPO_TAG = '^(?<version>\\d+\\.\\d+\\.\\d+)(-\\d+)?$';

/** By action (`owner/repo` or `owner/repo/path`, lower case), without the `@ref`. */
export const ACTION_TOOL_INPUTS: Readonly<Record<string, ToolInput>> = {
  'actions/setup-python': {
    input: 'python-version',
    depName: 'python',
    packageName: 'actions/python-versions',
    datasource: 'github-releases',
    versioning: 'npm',
    extractVersion: VERSIONS_REPO_TAG,
  },
  // Renovate's `node` versioning is npm's with LTS names; Upkeep reads node versions with npm's.
  'actions/setup-node': {
    input: 'node-version',
    depName: 'node',
    packageName: 'actions/node-versions',
    datasource: 'github-releases',
    versioning: 'npm',
    extractVersion: VERSIONS_REPO_TAG,
  },
  'actions/setup-go': {
    input: 'go-version',
    depName: 'go',
    packageName: 'actions/go-versions',
    datasource: 'github-releases',
    versioning: 'npm',
    extractVersion: VERSIONS_REPO_TAG,
  },
  'actions/setup-java': { input: 'java-version', depName: 'java-jdk', packageName: 'java-jdk', datasource: 'java-version' },
  'actions/setup-dotnet': { input: 'dotnet-version', depName: 'dotnet-sdk', packageName: 'dotnet-sdk', datasource: 'dotnet-version', versioning: 'npm' },
  'jdx/mise-action': { input: 'version', depName: 'jdx/mise', packageName: 'jdx/mise', datasource: 'github-release-attachments' },
  'docker/setup-buildx-action': { input: 'version', depName: 'buildx', packageName: 'docker/buildx', datasource: 'github-releases' },
  'hashicorp/setup-terraform': {
    input: 'terraform_version',
    depName: 'terraform',
    packageName: 'hashicorp/terraform',
    datasource: 'github-releases',
    versioning: 'npm',
  },
  'opentofu/setup-opentofu': { input: 'tofu_version', depName: 'opentofu', packageName: 'opentofu/opentofu', datasource: 'github-releases', versioning: 'npm' },
  'helm/kind-action': { input: 'version', depName: 'kubernetes-sigs/kind', packageName: 'kubernetes-sigs/kind', datasource: 'github-releases' },
  'azure/setup-helm': { input: 'version', depName: 'helm', packageName: 'helm/helm', datasource: 'github-releases' },
  'astral-sh/setup-uv': { input: 'version', depName: 'astral-sh/uv', packageName: 'astral-sh/uv', datasource: 'github-releases', versioning: 'npm' },
  'renovatebot/github-action': {
    input: 'renovate-version',
    depName: 'ghcr.io/renovatebot/renovate',
    packageName: 'ghcr.io/renovatebot/renovate',
    datasource: 'docker',
  },
  'pnpm/action-setup': { input: 'version', depName: 'pnpm', packageName: 'pnpm', datasource: 'npm' },
  'oven-sh/setup-bun': { input: 'bun-version', depName: 'bun', packageName: 'bun', datasource: 'npm' },
  'denoland/setup-deno': { input: 'deno-version', depName: 'deno', packageName: 'deno', datasource: 'npm' },
  'cloudflare/wrangler-action': { input: 'wranglerVersion', depName: 'wrangler', packageName: 'wrangler', datasource: 'npm' },
  'ruby/setup-ruby': { input: 'ruby-version', depName: 'ruby', packageName: 'ruby', datasource: 'ruby-version' },
  'gradle/actions/setup-gradle': { input: 'gradle-version', depName: 'gradle', packageName: 'gradle/gradle', datasource: 'gradle-version' },
};

/** The tool input of `uses: <action>@<ref>`, if the action pins one. */
export function toolInputOf(uses: string): ToolInput | undefined {
  const action = uses.split('@')[0]!.trim().toLowerCase();
  return Object.hasOwn(ACTION_TOOL_INPUTS, action) ? ACTION_TOOL_INPUTS[action] : undefined;
}
