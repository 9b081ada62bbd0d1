/**
 * The vocabulary of the generated repository: images, Helm repositories and charts, app and team names.
 * Names and versions are the kind found in real GitOps repositories; nothing here is fetched.
 */

/** Third-party images: [name as commonly written, tags]. */
export const PUBLIC_IMAGES = [
  ['nginx', ['1.27.3', '1.27.3-alpine', '1.26.2-alpine-slim', 'stable-alpine']],
  ['postgres', ['16.4', '16.4-alpine3.20', '15.8-bookworm', '17.0']],
  ['redis', ['7.4.1', '7.4.1-alpine', '7.2.5-bookworm']],
  ['busybox', ['1.36.1', '1.37.0-musl', '1.36']],
  ['alpine', ['3.20.3', '3.20', '3.19.4']],
  ['memcached', ['1.6.32', '1.6.31-alpine']],
  ['rabbitmq', ['3.13.7-management', '4.0.2-alpine']],
  ['mongo', ['7.0.14', '8.0.1-noble']],
  ['mariadb', ['11.4.3', '10.11.9-jammy']],
  ['traefik', ['v3.1.4', 'v2.11.10']],
  ['python', ['3.12.7-slim', '3.13.0-slim-bookworm']],
  ['node', ['20.18.0-alpine', '22.9.0-bookworm-slim']],
  ['library/nginx', ['1.27.2']],
  ['docker.io/library/redis', ['7.4.0']],
  ['docker.io/nginx', ['1.27.1-alpine']],
  ['grafana/grafana', ['11.2.2', '11.1.5']],
  ['grafana/loki', ['3.2.0']],
  ['prom/prometheus', ['v2.54.1', 'v2.55.0']],
  ['prom/alertmanager', ['v0.27.0']],
  ['bitnami/kubectl', ['1.31.1', '1.30.5-debian-12-r3']],
  ['docker.io/bitnami/redis', ['7.2.5-debian-12-r0']],
  ['eclipse-mosquitto', ['2.0.19', '2.0.18-openssl']],
  ['vaultwarden/server', ['1.32.1', '1.32.0-alpine']],
  ['ghcr.io/home-assistant/home-assistant', ['2024.10.1', '2024.9.3']],
  ['ghcr.io/stefanprodan/podinfo', ['6.7.0', '6.6.3']],
  ['ghcr.io/onedr0p/sonarr', ['4.0.9.2244']],
  ['ghcr.io/external-secrets/external-secrets', ['v0.10.4']],
  ['ghcr.io/dexidp/dex', ['v2.41.1']],
  ['quay.io/prometheus/node-exporter', ['v1.8.2']],
  ['quay.io/jetstack/cert-manager-controller', ['v1.15.3', 'v1.16.0']],
  ['quay.io/argoproj/argocd', ['v2.12.4']],
  ['quay.io/oauth2-proxy/oauth2-proxy', ['v7.7.1']],
  ['registry.k8s.io/ingress-nginx/controller', ['v1.11.2', 'v1.11.3']],
  ['registry.k8s.io/pause', ['3.10']],
  ['registry.k8s.io/metrics-server/metrics-server', ['v0.7.2']],
  ['gcr.io/distroless/static-debian12', ['nonroot', 'latest']],
  ['mcr.microsoft.com/dotnet/aspnet', ['8.0.10-bookworm-slim']],
  ['public.ecr.aws/docker/library/haproxy', ['3.0.5-alpine']],
];

/** Sidecars and init containers that appear next to an app's own container. */
export const SIDECAR_IMAGES = [
  ['busybox', ['1.36.1']],
  ['ghcr.io/oauth2-proxy/oauth2-proxy', ['v7.7.1']],
  ['quay.io/prometheus/statsd-exporter', ['v0.27.2']],
  ['fluent/fluent-bit', ['3.1.9']],
  ['envoyproxy/envoy', ['v1.31.2']],
  ['docker.io/istio/proxyv2', ['1.23.2']],
  ['ghcr.io/groundnuty/k8s-wait-for', ['v2.0']],
  ['bitnami/os-shell', ['12-debian-12-r30']],
];

/** Where the organisation's own images are pushed (formats as written in manifests). */
export const OWN_REGISTRIES = [
  [6, 'ghcr.io/acme-corp'],
  [2, 'registry.acme.example:5000/platform'],
  [1, '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
  [1, 'europe-west1-docker.pkg.dev/acme-prod/images'],
  [1, 'harbor.acme.example/apps'],
];

/** Helm repositories declared once under infrastructure/sources (Flux HelmRepository objects). */
export const HELM_REPOSITORIES = [
  {
    name: 'bitnami',
    url: 'https://charts.bitnami.com/bitnami',
    charts: [
      ['redis', '20.1.4'],
      ['postgresql', '15.5.38'],
      ['rabbitmq', '14.7.0'],
      ['mongodb', '16.0.3'],
      ['memcached', '7.5.1'],
      ['minio', '14.7.13'],
      ['kafka', '30.1.4'],
      ['mariadb', '19.0.7'],
    ],
  },
  {
    name: 'bitnami-oci',
    url: 'oci://registry-1.docker.io/bitnamicharts',
    type: 'oci',
    charts: [
      ['keycloak', '24.0.2'],
      ['nats', '8.4.2'],
      ['etcd', '10.4.1'],
    ],
  },
  { name: 'jetstack', url: 'https://charts.jetstack.io', charts: [['cert-manager', 'v1.15.3']] },
  { name: 'ingress-nginx', url: 'https://kubernetes.github.io/ingress-nginx', charts: [['ingress-nginx', '4.11.2']] },
  {
    name: 'prometheus-community',
    url: 'https://prometheus-community.github.io/helm-charts',
    charts: [
      ['kube-prometheus-stack', '62.7.0'],
      ['prometheus-node-exporter', '4.39.0'],
      ['prometheus-blackbox-exporter', '9.0.1'],
      ['prometheus-postgres-exporter', '6.4.0'],
    ],
  },
  {
    name: 'grafana',
    url: 'https://grafana.github.io/helm-charts',
    charts: [
      ['grafana', '8.5.2'],
      ['loki', '6.16.0'],
      ['promtail', '6.16.6'],
      ['tempo', '1.10.3'],
    ],
  },
  { name: 'external-dns', url: 'https://kubernetes-sigs.github.io/external-dns/', charts: [['external-dns', '1.15.0']] },
  { name: 'sealed-secrets', url: 'https://bitnami-labs.github.io/sealed-secrets', charts: [['sealed-secrets', '2.16.1']] },
  { name: 'traefik', url: 'https://traefik.github.io/charts', charts: [['traefik', '32.1.0']] },
  { name: 'longhorn', url: 'https://charts.longhorn.io', charts: [['longhorn', '1.7.1']] },
  { name: 'cilium', url: 'https://helm.cilium.io/', charts: [['cilium', '1.16.2']] },
  { name: 'vmware-tanzu', url: 'https://vmware-tanzu.github.io/helm-charts', charts: [['velero', '7.2.1']] },
  { name: 'bjw-s', url: 'oci://ghcr.io/bjw-s/helm', type: 'oci', charts: [['app-template', '3.4.0']] },
  { name: 'podinfo', url: 'oci://ghcr.io/stefanprodan/charts', type: 'oci', charts: [['podinfo', '6.7.0']] },
  { name: 'external-secrets', url: 'https://charts.external-secrets.io', charts: [['external-secrets', '0.10.4']] },
  { name: 'metrics-server', url: 'https://kubernetes-sigs.github.io/metrics-server/', charts: [['metrics-server', '3.12.1']] },
];

/** Infrastructure controllers installed by HelmRelease, each from one of the repositories above. */
export const CONTROLLERS = [
  ['cert-manager', 'jetstack', 'cert-manager', 'quay.io/jetstack/cert-manager-controller', 'v1.15.3'],
  ['ingress-nginx', 'ingress-nginx', 'ingress-nginx', 'registry.k8s.io/ingress-nginx/controller', 'v1.11.2'],
  ['monitoring', 'prometheus-community', 'kube-prometheus-stack', 'quay.io/prometheus/prometheus', 'v2.54.1'],
  ['node-exporter', 'prometheus-community', 'prometheus-node-exporter', 'quay.io/prometheus/node-exporter', 'v1.8.2'],
  ['blackbox-exporter', 'prometheus-community', 'prometheus-blackbox-exporter', 'quay.io/prometheus/blackbox-exporter', 'v0.25.0'],
  ['grafana', 'grafana', 'grafana', 'grafana/grafana', '11.2.2'],
  ['loki', 'grafana', 'loki', 'grafana/loki', '3.2.0'],
  ['promtail', 'grafana', 'promtail', 'docker.io/grafana/promtail', '3.2.0'],
  ['tempo', 'grafana', 'tempo', 'grafana/tempo', '2.6.0'],
  ['external-dns', 'external-dns', 'external-dns', 'registry.k8s.io/external-dns/external-dns', 'v0.15.0'],
  ['sealed-secrets', 'sealed-secrets', 'sealed-secrets', 'docker.io/bitnami/sealed-secrets-controller', '0.27.1'],
  ['traefik', 'traefik', 'traefik', 'traefik', 'v3.1.4'],
  ['longhorn', 'longhorn', 'longhorn', 'longhornio/longhorn-manager', 'v1.7.1'],
  ['cilium', 'cilium', 'cilium', 'quay.io/cilium/cilium', 'v1.16.2'],
  ['velero', 'vmware-tanzu', 'velero', 'velero/velero', 'v1.14.1'],
  ['external-secrets', 'external-secrets', 'external-secrets', 'ghcr.io/external-secrets/external-secrets', 'v0.10.4'],
  ['metrics-server', 'metrics-server', 'metrics-server', 'registry.k8s.io/metrics-server/metrics-server', 'v0.7.2'],
  ['keycloak', 'bitnami-oci', 'keycloak', 'bitnami/keycloak', '25.0.6-debian-12-r0'],
  ['nats', 'bitnami-oci', 'nats', 'nats', '2.10.21-alpine'],
];

export const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'logistics', 'growth', 'data', 'platform', 'support', 'media', 'partners'];

export const APP_WORDS = [
  'billing',
  'orders',
  'invoices',
  'cart',
  'pricing',
  'inventory',
  'shipping',
  'returns',
  'reviews',
  'ratings',
  'accounts',
  'profiles',
  'sessions',
  'tokens',
  'consent',
  'ledger',
  'refunds',
  'coupons',
  'loyalty',
  'wallet',
  'catalog',
  'products',
  'media',
  'thumbnails',
  'feeds',
  'ranking',
  'recommend',
  'indexer',
  'geo',
  'routing',
  'tracking',
  'labels',
  'warehouse',
  'stock',
  'suppliers',
  'contracts',
  'notify',
  'mailer',
  'sms',
  'webhooks',
  'audit',
  'reports',
  'exports',
  'imports',
  'metrics',
  'events',
  'scheduler',
  'quotas',
  'flags',
  'tenants',
];

export const APP_KINDS = ['api', 'worker', 'web', 'gateway', 'consumer', 'sync', 'cron', 'exporter', 'admin', 'grpc'];

export const CLUSTERS = ['production', 'staging', 'development'];

export const LANGUAGES = [
  { base: 'golang', tags: ['1.23.2-bookworm', '1.23-alpine3.20', '1.22.8'], runtime: 'gcr.io/distroless/static-debian12:nonroot' },
  { base: 'node', tags: ['20.18.0-alpine', '22.9.0-bookworm-slim'], runtime: 'node:20.18.0-alpine' },
  { base: 'python', tags: ['3.12.7-slim', '3.13.0-slim-bookworm'], runtime: 'python:3.12.7-slim' },
  { base: 'eclipse-temurin', tags: ['21.0.4_7-jdk', '17.0.12_7-jdk-jammy'], runtime: 'eclipse-temurin:21.0.4_7-jre-alpine' },
  { base: 'mcr.microsoft.com/dotnet/sdk', tags: ['8.0.403-bookworm-slim'], runtime: 'mcr.microsoft.com/dotnet/aspnet:8.0.10-bookworm-slim' },
];
