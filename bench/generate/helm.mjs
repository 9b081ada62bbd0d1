/** Helm: Chart.yaml with dependencies, values.yaml files (elastic), and templated chart manifests. */
import { HELM_REPOSITORIES } from './catalog.mjs';
import { valuesFiller } from './filler.mjs';
import { ownImage, publicImage, semver } from './images.mjs';
import { BLANK, lines } from './text.mjs';

export function chartYaml(rng, { name }) {
  const deps = [];
  const bitnami = HELM_REPOSITORIES[0];
  for (const [chart, version] of rng.sample(bitnami.charts, rng.int(0, 2))) {
    deps.push(
      lines(
        `  - name: ${chart}`,
        `    version: ${version}`,
        `    repository: ${rng.chance(0.3) ? '"@bitnami"' : bitnami.url}`,
        `    condition: ${chart}.enabled`,
      ),
    );
  }
  if (rng.chance(0.5))
    deps.push(
      lines(
        '  - name: common',
        `    version: ${rng.pick(['2.23.0', '2.x.x'])}`,
        '    repository: oci://registry-1.docker.io/bitnamicharts',
        '    tags:',
        '      - bitnami-common',
      ),
    );
  if (rng.chance(0.2)) deps.push(lines('  - name: platform-lib', '    version: 0.4.1', '    repository: file://../platform-lib'));
  if (rng.chance(0.1)) deps.push(lines('  - name: observability', '    version: 1.2.0'));
  return `${lines(
    'apiVersion: v2',
    `name: ${name}`,
    `description: A Helm chart for ${name}`,
    'type: application',
    `version: ${semver(rng)}`,
    `appVersion: "${semver(rng)}"`,
    'maintainers:',
    '  - name: platform-team',
    '    email: platform@acme.example',
    deps.length > 0 ? `dependencies:\n${deps.join('\n')}` : '',
  )}\n`;
}

/** values.yaml in the style of `helm create`, grown with Bitnami-style sections up to `budget`. */
export function valuesYaml(rng, { app }, budget) {
  const own = ownImage(rng, app);
  const tag = own.tag && !own.tag.startsWith('$') ? own.tag : '""';
  const head = lines(
    `# Default values for ${app}.`,
    '# This is a YAML-formatted file.',
    BLANK,
    `replicaCount: ${rng.int(1, 3)}`,
    BLANK,
    'image:',
    `  repository: ${own.name}`,
    '  pullPolicy: IfNotPresent',
    '  # Overrides the image tag whose default is the chart appVersion.',
    `  tag: ${rng.chance(0.2) ? `"${tag.replace(/"/g, BLANK)}"` : tag}`,
    BLANK,
    'imagePullSecrets: []',
    'nameOverride: ""',
    'fullnameOverride: ""',
    BLANK,
    'serviceAccount:',
    '  create: true',
    '  annotations: {}',
    BLANK,
    'service:',
    '  type: ClusterIP',
    '  port: 80',
    BLANK,
    rng.chance(0.4)
      ? lines(
          'sidecars:',
          '  - name: metrics',
          `    image: ${(() => {
            const p = publicImage(rng);
            return `${p.name}:${p.tag}`;
          })()}`,
          BLANK,
        )
      : '',
    rng.chance(0.3) ? lines('migrations:', '  initImage:', `    repository: ${own.name}-migrations`, `    version: ${semver(rng)}`, BLANK) : '',
  );
  return `${head}\n${valuesFiller(rng, head.length, budget)}\n`;
}

/** templates/deployment.yaml of a chart: Go templates everywhere, image from .Values. */
export function chartDeploymentTemplate(name) {
  return `${lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: {{ include "${name}.fullname" . }}`,
    '  labels:',
    `    {{- include "${name}.labels" . | nindent 4 }}`,
    'spec:',
    '  {{- if not .Values.autoscaling.enabled }}',
    '  replicas: {{ .Values.replicaCount }}',
    '  {{- end }}',
    '  selector:',
    '    matchLabels:',
    `      {{- include "${name}.selectorLabels" . | nindent 6 }}`,
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: {{ .Chart.Name }}',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
    '          ports:',
    '            - name: http',
    '              containerPort: {{ .Values.service.port }}',
    '          resources:',
    '            {{- toYaml .Values.resources | nindent 12 }}',
    '      {{- with .Values.sidecars }}',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
  )}\n`;
}

export function chartServiceTemplate(name) {
  return `${lines(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: {{ include "${name}.fullname" . }}`,
    'spec:',
    '  type: {{ .Values.service.type }}',
    '  ports:',
    '    - port: {{ .Values.service.port }}',
    '      targetPort: http',
    '  selector:',
    `    {{- include "${name}.selectorLabels" . | nindent 4 }}`,
  )}\n`;
}

export function chartHelpers(name) {
  return `{{/* Expand the name of the chart. */}}\n{{- define "${name}.name" -}}\n{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}\n{{- end }}\n\n{{- define "${name}.fullname" -}}\n{{- .Release.Name | trunc 63 | trimSuffix "-" }}\n{{- end }}\n`;
}
