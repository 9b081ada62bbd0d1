/** Plain Kubernetes manifests of an app: workloads, Service, Ingress, HPA, PDB, ServiceAccount, CronJob. */
import { ownImage, publicImage, quoteValue, refString, sidecarImage } from './images.mjs';
import { indent, labels, lines, snake } from './text.mjs';

function imageLine(rng, ref, { first = false } = {}) {
  const value = quoteValue(rng, ref);
  // Flux image-automation markers are a common trailing comment on image lines.
  const marker = rng.chance(0.1) ? ' # {"$imagepolicy": "flux-system:app"}' : '';
  return first ? `- image: ${value}${marker}` : `image: ${value}${marker}`;
}

function env(rng, app) {
  const out = [
    '- name: LOG_LEVEL',
    `  value: ${rng.pick(['info', 'debug', 'warn'])}`,
    '- name: POD_NAMESPACE',
    '  valueFrom:',
    '    fieldRef:',
    '      fieldPath: metadata.namespace',
  ];
  const count = rng.int(2, 14);
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.25)) {
      out.push(`- name: ${snake(rng, 2)}`, '  valueFrom:', '    secretKeyRef:', `      name: ${app}-secrets`, `      key: ${snake(rng, 1).toLowerCase()}`);
    } else {
      out.push(`- name: ${snake(rng, rng.int(1, 3))}`, `  value: "${rng.pick(['true', 'false', rng.int(1, 600), `${app}.svc.cluster.local`])}"`);
    }
  }
  return out.join('\n');
}

function probes(rng) {
  const path = rng.pick(['/healthz', '/health', '/ready', '/actuator/health', '/-/healthy']);
  return lines(
    'livenessProbe:',
    '  httpGet:',
    `    path: ${path}`,
    '    port: http',
    `  initialDelaySeconds: ${rng.int(5, 30)}`,
    `  periodSeconds: ${rng.pick([10, 15, 20])}`,
    'readinessProbe:',
    '  httpGet:',
    `    path: ${path}`,
    '    port: http',
    `  failureThreshold: ${rng.int(3, 6)}`,
  );
}

function resources(rng) {
  return lines(
    'resources:',
    '  requests:',
    `    cpu: ${rng.pick(['50m', '100m', '250m', '500m'])}`,
    `    memory: ${rng.pick(['64Mi', '128Mi', '256Mi', '512Mi'])}`,
    '  limits:',
    `    memory: ${rng.pick(['256Mi', '512Mi', '1Gi', '2Gi'])}`,
  );
}

function mainContainer(rng, app, image) {
  const imageFirst = rng.chance(0.15);
  return lines(
    imageFirst ? imageLine(rng, refString(image), { first: true }) : '- name: app',
    imageFirst ? '  name: app' : `  ${imageLine(rng, refString(image))}`,
    `  imagePullPolicy: ${rng.pick(['IfNotPresent', 'Always'])}`,
    rng.chance(0.3) ? `  args: ["--port=8080", "--metrics-port=9090", "--log-format=json"]` : '',
    '  ports:',
    '    - name: http',
    '      containerPort: 8080',
    '      protocol: TCP',
    '    - name: metrics',
    '      containerPort: 9090',
    '  env:',
    indent(env(rng, app), 4),
    '  envFrom:',
    '    - configMapRef:',
    `        name: ${app}-config`,
    indent(resources(rng), 2),
    indent(probes(rng), 2),
    '  securityContext:',
    '    allowPrivilegeEscalation: false',
    '    readOnlyRootFilesystem: true',
    '    capabilities:',
    '      drop: ["ALL"]',
    '  volumeMounts:',
    '    - name: tmp',
    '      mountPath: /tmp',
  );
}

function podSpec(rng, app, image) {
  const init = rng.chance(0.3)
    ? lines(
        'initContainers:',
        '  - name: wait-for-deps',
        `    ${imageLine(rng, refString(sidecarImage(rng)))}`,
        '    command: ["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"]',
      )
    : '';
  const sidecar = rng.chance(0.2)
    ? lines(
        '  - name: sidecar',
        `    ${imageLine(rng, refString(sidecarImage(rng)))}`,
        '    resources:',
        '      requests:',
        '        cpu: 10m',
        '        memory: 32Mi',
      )
    : '';
  return lines(
    `serviceAccountName: ${app}`,
    'securityContext:',
    '  runAsNonRoot: true',
    `  runAsUser: ${rng.pick([1000, 10001, 65532])}`,
    '  fsGroup: 2000',
    rng.chance(0.3) ? 'nodeSelector:\n  kubernetes.io/arch: amd64' : '',
    init,
    'containers:',
    indent(mainContainer(rng, app, image), 2),
    sidecar,
    'volumes:',
    '  - name: tmp',
    '    emptyDir: {}',
    rng.chance(0.05) ? lines('  - name: models', '    image:', `      reference: ${refString(publicImage(rng))}`, '      pullPolicy: IfNotPresent') : '',
  );
}

function metadata(app, team, rng) {
  return lines(
    'metadata:',
    `  name: ${app}`,
    `  namespace: ${team}`,
    '  labels:',
    indent(labels(app, team), 4),
    rng.chance(0.4) ? '  annotations:\n    reloader.stakater.com/auto: "true"' : '',
  );
}

/** Deployment (or StatefulSet): the app's own image plus init containers and sidecars. */
export function workload(rng, { app, team, kind = 'Deployment' }) {
  const image = ownImage(rng, app);
  const header = rng.chance(0.3) ? `# ${app}: owned by team ${team}. Image tag is bumped by Upkeep.\n` : '';
  return `${header}${lines(
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    metadata(app, team, rng),
    'spec:',
    `  replicas: ${rng.int(1, 6)}`,
    kind === 'StatefulSet' ? `  serviceName: ${app}` : '  revisionHistoryLimit: 5',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${app}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${app}`,
    '      annotations:',
    '        prometheus.io/scrape: "true"',
    '        prometheus.io/port: "9090"',
    '    spec:',
    indent(podSpec(rng, app, image), 6),
  )}\n`;
}

export function cronJob(rng, { app, team }) {
  const image = ownImage(rng, app);
  return `${lines(
    'apiVersion: batch/v1',
    'kind: CronJob',
    metadata(app, team, rng),
    'spec:',
    `  schedule: "${rng.int(0, 59)} ${rng.int(0, 23)} * * *"`,
    '  concurrencyPolicy: Forbid',
    '  jobTemplate:',
    '    spec:',
    '      backoffLimit: 2',
    '      template:',
    '        spec:',
    '          restartPolicy: OnFailure',
    '          containers:',
    `            - name: ${app}`,
    `              ${imageLine(rng, refString(image))}`,
    '              args: ["run", "--once"]',
    indent(resources(rng), 14),
  )}\n`;
}

export function service(rng, { app, team }) {
  return `${lines(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${app}`,
    `  namespace: ${team}`,
    '  labels:',
    indent(labels(app, team), 4),
    'spec:',
    `  type: ${rng.weighted([
      [9, 'ClusterIP'],
      [1, 'LoadBalancer'],
    ])}`,
    '  selector:',
    `    app.kubernetes.io/name: ${app}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
    '    - name: metrics',
    '      port: 9090',
    '      targetPort: metrics',
  )}\n`;
}

export function ingress(rng, { app, team }) {
  return `${lines(
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${app}`,
    `  namespace: ${team}`,
    '  annotations:',
    '    cert-manager.io/cluster-issuer: letsencrypt-production',
    '    nginx.ingress.kubernetes.io/proxy-body-size: 16m',
    'spec:',
    '  ingressClassName: nginx',
    '  tls:',
    `    - hosts: [${app}.acme.example]`,
    `      secretName: ${app}-tls`,
    '  rules:',
    `    - host: ${app}.acme.example`,
    '      http:',
    '        paths:',
    '          - path: /',
    '            pathType: Prefix',
    '            backend:',
    '              service:',
    `                name: ${app}`,
    '                port:',
    '                  name: http',
  )}\n`;
}

export function autoscaler(rng, { app, team }) {
  return `${lines(
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${app}`,
    `  namespace: ${team}`,
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${app}`,
    `  minReplicas: ${rng.int(1, 3)}`,
    `  maxReplicas: ${rng.int(4, 20)}`,
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target:',
    '          type: Utilization',
    `          averageUtilization: ${rng.pick([60, 70, 80])}`,
  )}\n`;
}

export function podDisruptionBudget(rng, { app, team }) {
  return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${app}\n  namespace: ${team}\nspec:\n  minAvailable: ${rng.int(1, 2)}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n`;
}

export function serviceAccount(rng, { app, team }) {
  const irsa = rng.chance(0.4) ? `  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${app}\n` : '';
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app}\n  namespace: ${team}\n${irsa}`;
}

export function namespace(name) {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    toolkit.fluxcd.io/tenant: ${name}\n`;
}

export function networkPolicy(rng, { app, team }) {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${app}-allow-ingress\n  namespace: ${team}\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ingress-nginx\n      ports:\n        - port: ${rng.pick([8080, 8443])}\n`;
}
