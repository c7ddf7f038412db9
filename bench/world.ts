// The benchmark's world model: the intended objects of a synthetic multi-tenant GitOps repository
// (clusters, tenants, backend namespaces, Gateways, Services, ReferenceGrants, routes) as plain
// data, built from a size and a seed. Broken routes are made on purpose, each with a recorded
// construction kind; `expect.ts` derives the expected analysis from this model and `render.ts`
// writes it as YAML. Nothing here reads the analysis.

import { Prng } from './prng.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const PLATFORM_NS = 'gateway-system';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute';
export type Protocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';
export type ServiceType = 'web' | 'grpc' | 'tls' | 'db';

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface Selector {
  matchLabels: [string, string][];
  matchExpressions: Requirement[];
}

export interface ListenerModel {
  name: string;
  port: number;
  protocol: Protocol;
  hostname?: string;
  from: 'All' | 'Same' | 'Selector';
  /** Whether `allowedRoutes.namespaces.from` is written (Same is the default). */
  fromWritten: boolean;
  selector?: Selector;
  /** `allowedRoutes.kinds`, when written. */
  kinds?: RouteKind[];
  certificateSecret?: string;
  tlsMode?: 'Passthrough' | 'Terminate';
}

export interface GatewayModel {
  cluster: string;
  namespace: string;
  name: string;
  file: string;
  listeners: ListenerModel[];
}

export interface NamespaceModel {
  name: string;
  cluster: string;
  role: 'tenant' | 'backend' | 'platform';
  labels: [string, string][];
  /** The file holding its Namespace manifest; undefined when the workspace has none. */
  file?: string;
}

export interface ServiceModel {
  cluster: string;
  namespace: string;
  name: string;
  type: ServiceType;
  ports: { name: string; port: number }[];
  file: string;
}

export interface GrantModel {
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  file: string;
  from: { kind: RouteKind; namespace: string }[];
  /** Service targets: a name, or every Service when undefined. */
  to: { name?: string }[];
  style: 'per-kind' | 'named' | 'per-tenant' | 'stale' | 'mirror';
}

export interface ParentRefModel {
  namespace: string;
  name: string;
  sectionName?: string;
  /** Written with explicit group and kind (the defaults otherwise). */
  explicit: boolean;
}

export interface BackendRefModel {
  namespace: string;
  name: string;
  port: number;
  weight?: number;
  /** How the generator meant it: a granted cross-namespace ref, a same-namespace one, or broken. */
  intent: 'granted' | 'local' | 'wrong-namespace' | 'missing' | 'mirror-solo';
}

export interface RuleModel {
  pathPrefix: string;
  backends: BackendRefModel[];
  mirror?: BackendRefModel;
  headerFilter: boolean;
  timeout?: string;
}

export interface RouteModel {
  id: string;
  cluster: string;
  kind: RouteKind;
  namespace: string;
  name: string;
  app: string;
  file: string;
  hostnames: string[];
  parents: ParentRefModel[];
  rules: RuleModel[];
  /** Construction kinds of deliberate breakage applied to this route. */
  broken: string[];
}

export interface TenantModel {
  name: string;
  cluster: string;
  backendNamespaces: string[];
  localServices: ServiceModel[];
  ownGateway?: GatewayModel;
  broken: string[];
}

export interface ClusterModel {
  name: string;
  backendNamespaces: string[];
  tenants: TenantModel[];
}

/** A file's documents in order; `render.ts` turns each into YAML. */
export type DocRef =
  | { type: 'route'; route: RouteModel }
  | { type: 'grant'; grant: GrantModel }
  | { type: 'gateway'; gateway: GatewayModel }
  | { type: 'namespace'; namespace: NamespaceModel }
  | { type: 'service'; service: ServiceModel }
  | { type: 'deployment'; service: ServiceModel; script: boolean }
  | { type: 'configmap'; service: ServiceModel; lines: number }
  | { type: 'gatewayclass'; name: string }
  | { type: 'certificate'; namespace: string; name: string; secretName: string; dnsName: string }
  | { type: 'clusterissuer'; name: string }
  | { type: 'quota'; namespace: string }
  | { type: 'hpa'; service: ServiceModel }
  | { type: 'pdb'; service: ServiceModel }
  | { type: 'kustomization'; resources: string[] }
  | { type: 'fluxKustomization'; name: string; path: string }
  | { type: 'ci' };

export interface FileModel {
  path: string;
  header: string;
  docs: DocRef[];
}

export interface World {
  size: string;
  seed: number;
  clusters: ClusterModel[];
  namespaces: NamespaceModel[];
  gateways: GatewayModel[];
  services: ServiceModel[];
  grants: GrantModel[];
  routes: RouteModel[];
  tenants: TenantModel[];
  files: FileModel[];
  /** Counts of deliberate breakage by construction kind. */
  broken: Record<string, number>;
}

export interface SizeSpec {
  clusters: number;
  tenantsPerCluster: number;
  backendsPerCluster: number;
  /** Routes per tenant are drawn uniformly from this range. */
  routesPerTenant: [number, number];
  seed: number;
}

export const SIZES = {
  small: { clusters: 1, tenantsPerCluster: 8, backendsPerCluster: 2, routesPerTenant: [10, 40], seed: 0x5eed_0001 },
  medium: { clusters: 2, tenantsPerCluster: 40, backendsPerCluster: 5, routesPerTenant: [10, 40], seed: 0x5eed_0002 },
  large: { clusters: 4, tenantsPerCluster: 200, backendsPerCluster: 13, routesPerTenant: [10, 40], seed: 0x5eed_0003 },
} as const satisfies Record<string, SizeSpec>;

export type SizeName = keyof typeof SIZES;

export function isSizeName(s: string): s is SizeName {
  return Object.prototype.hasOwnProperty.call(SIZES, s);
}

const CLUSTER_NAMES = ['eu-west-1', 'us-east-1', 'ap-south-1', 'eu-central-1', 'us-west-2', 'sa-east-1'];
const TEAM_WORDS = [
  'payments',
  'checkout',
  'search',
  'catalog',
  'orders',
  'billing',
  'identity',
  'ledger',
  'shipping',
  'inventory',
  'pricing',
  'reviews',
  'loyalty',
  'fraud',
  'media',
  'notify',
  'profile',
  'support',
  'reports',
  'analytics',
  'returns',
  'tax',
  'wallet',
  'offers',
];
const BACKEND_WORDS = [
  'core-services',
  'data-api',
  'shared-ml',
  'legacy-erp',
  'partner-gw',
  'storage-api',
  'geo',
  'messaging',
  'auth-backend',
  'ledger-core',
  'quotes',
  'risk',
  'content',
];
const APP_WORDS = [
  'storefront',
  'api',
  'admin',
  'webhooks',
  'console',
  'portal',
  'gateway',
  'worker-ui',
  'docs',
  'status',
  'graphql',
  'uploads',
  'exports',
  'assets',
  'sso',
  'mobile-bff',
];
const SERVICE_WORDS: Record<ServiceType, string[]> = {
  web: [
    'orders-api',
    'quote-engine',
    'catalog-read',
    'profile-api',
    'search-frontend',
    'invoice-render',
    'pricing-api',
    'image-resizer',
    'recommendations',
    'cart-api',
    'session-api',
    'audit-api',
    'export-api',
    'feature-flags',
  ],
  grpc: ['ledger-grpc', 'risk-scorer', 'inventory-grpc', 'tax-engine', 'geo-lookup'],
  tls: ['partner-tls', 'mtls-edge', 'legacy-soap'],
  db: ['postgres', 'redis', 'mysql-primary'],
};
const TIERS = ['prod', 'staging', 'dev'];

const PORTS: Record<ServiceType, { name: string; port: number }[]> = {
  web: [
    { name: 'http', port: 80 },
    { name: 'metrics', port: 9100 },
  ],
  grpc: [{ name: 'grpc', port: 9090 }],
  tls: [{ name: 'https', port: 443 }],
  db: [{ name: 'tcp', port: 5432 }],
};
const KIND_SERVICE: Record<RouteKind, ServiceType> = {
  HTTPRoute: 'web',
  GRPCRoute: 'grpc',
  TLSRoute: 'tls',
  TCPRoute: 'db',
};

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

/** Splits `items` into consecutive groups of 1–6 (a realistic number of documents per file). */
function groups<T>(rng: Prng, items: readonly T[], min = 1, max = 6): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length;) {
    const n = rng.int(min, max);
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function buildWorld(size: SizeName): World {
  const spec: SizeSpec = SIZES[size];
  const rng = new Prng(spec.seed);
  const world: World = {
    size,
    seed: spec.seed,
    clusters: [],
    namespaces: [],
    gateways: [],
    services: [],
    grants: [],
    routes: [],
    tenants: [],
    files: [],
    broken: {},
  };
  const count = (kind: string) => (world.broken[kind] = (world.broken[kind] ?? 0) + 1);
  let tenantIndex = 0;
  let backendIndex = 0;
  const svcIndex = new Map<string, ServiceModel[]>();
  const addService = (svc: ServiceModel) => {
    world.services.push(svc);
    const key = `${svc.namespace}|${svc.type}`;
    svcIndex.set(key, [...(svcIndex.get(key) ?? []), svc]);
  };
  const servicesIn = (ns: string, type: ServiceType) => svcIndex.get(`${ns}|${type}`) ?? [];

  // ---- clusters, platform, backends, tenants ------------------------------------------------
  for (let c = 0; c < spec.clusters; c++) {
    const cluster: ClusterModel = { name: CLUSTER_NAMES[c] ?? `cluster-${c}`, backendNamespaces: [], tenants: [] };
    world.clusters.push(cluster);
    const root = `clusters/${cluster.name}`;
    const domain = `${cluster.name}.example.com`;

    // Platform: the shared Gateways in gateway-system (defined once per cluster folder, so every
    // cluster has its own gateway-system/shared: references resolve to the nearest definition).
    const platformNs: NamespaceModel = {
      name: PLATFORM_NS,
      cluster: cluster.name,
      role: 'platform',
      labels: [
        ['kubernetes.io/part-of', 'platform'],
        ['gateway-access', 'platform'],
      ],
      file: `${root}/platform/namespaces.yaml`,
    };
    world.namespaces.push(platformNs);
    const certNs: NamespaceModel = {
      name: 'cert-manager',
      cluster: cluster.name,
      role: 'platform',
      labels: [['kubernetes.io/part-of', 'platform']],
      file: platformNs.file!,
    };
    world.namespaces.push(certNs);
    world.files.push({
      path: platformNs.file!,
      header: `Platform namespaces of ${cluster.name}.`,
      docs: [
        { type: 'namespace', namespace: platformNs },
        { type: 'namespace', namespace: certNs },
      ],
    });
    const gwFile = `${root}/platform/gateways.yaml`;
    const platformGateway = (name: string, listeners: ListenerModel[]): GatewayModel => ({
      cluster: cluster.name,
      namespace: PLATFORM_NS,
      name,
      file: gwFile,
      listeners,
    });
    const shared = platformGateway('shared', [
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        from: 'Selector',
        fromWritten: true,
        selector: { matchLabels: [['gateway-access', 'shared']], matchExpressions: [] },
      },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: `*.apps.${domain}`,
        from: 'Selector',
        fromWritten: true,
        selector: {
          matchLabels: [],
          matchExpressions: [{ key: 'gateway-access', operator: 'In', values: ['shared', 'restricted'] }],
        },
        certificateSecret: 'wildcard-apps-tls',
        kinds: ['HTTPRoute', 'GRPCRoute'],
      },
      {
        name: 'tls',
        port: 8443,
        protocol: 'TLS',
        hostname: `*.tls.${domain}`,
        tlsMode: 'Passthrough',
        from: 'Selector',
        fromWritten: true,
        selector: {
          matchLabels: [['gateway-access', 'shared']],
          matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['sandbox'] }],
        },
        kinds: ['TLSRoute'],
      },
      {
        name: 'tcp',
        port: 5432,
        protocol: 'TCP',
        from: 'Selector',
        fromWritten: true,
        selector: { matchLabels: [], matchExpressions: [{ key: 'gateway-access', operator: 'Exists', values: [] }] },
        kinds: ['TCPRoute'],
      },
    ]);
    const publicGw = platformGateway('public', [
      { name: 'http', port: 80, protocol: 'HTTP', from: 'All', fromWritten: true },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: `*.public.${domain}`,
        from: 'All',
        fromWritten: true,
        certificateSecret: 'wildcard-public-tls',
      },
    ]);
    const internal = platformGateway('internal', [
      { name: 'http', port: 80, protocol: 'HTTP', from: 'Same', fromWritten: true },
    ]);
    world.gateways.push(shared, publicGw, internal);
    world.files.push({
      path: `${root}/platform/gateway-class.yaml`,
      header: 'The GatewayClass every Gateway of this cluster uses.',
      docs: [{ type: 'gatewayclass', name: 'example-gateway' }],
    });
    world.files.push({
      path: gwFile,
      header: `Shared Gateways of ${cluster.name}: tenants attach through labels on their namespace.`,
      docs: [
        { type: 'gateway', gateway: shared },
        { type: 'gateway', gateway: publicGw },
        { type: 'gateway', gateway: internal },
      ],
    });
    world.files.push({
      path: `${root}/platform/certificates.yaml`,
      header: 'Wildcard certificates; cert-manager writes the Secrets the HTTPS listeners use.',
      docs: [
        { type: 'clusterissuer', name: 'letsencrypt' },
        {
          type: 'certificate',
          namespace: PLATFORM_NS,
          name: 'wildcard-apps',
          secretName: 'wildcard-apps-tls',
          dnsName: `*.apps.${domain}`,
        },
        {
          type: 'certificate',
          namespace: PLATFORM_NS,
          name: 'wildcard-public',
          secretName: 'wildcard-public-tls',
          dnsName: `*.public.${domain}`,
        },
      ],
    });
    // Platform tools behind the internal Gateway (from: Same).
    const toolsFile = `${root}/platform/tools.yaml`;
    const toolDocs: DocRef[] = [];
    for (const tool of ['grafana', 'argocd-server']) {
      const svc: ServiceModel = {
        cluster: cluster.name,
        namespace: PLATFORM_NS,
        name: tool,
        type: 'web',
        ports: PORTS.web,
        file: toolsFile,
      };
      addService(svc);
      const route: RouteModel = {
        id: `${cluster.name}/${PLATFORM_NS}/${tool}`,
        cluster: cluster.name,
        kind: 'HTTPRoute',
        namespace: PLATFORM_NS,
        name: tool,
        app: tool,
        file: toolsFile,
        hostnames: [`${tool}.internal.${domain}`],
        parents: [{ namespace: PLATFORM_NS, name: 'internal', explicit: true }],
        rules: [
          {
            pathPrefix: '/',
            backends: [{ namespace: PLATFORM_NS, name: tool, port: 80, intent: 'local' }],
            headerFilter: false,
          },
        ],
        broken: [],
      };
      world.routes.push(route);
      toolDocs.push(
        { type: 'service', service: svc },
        { type: 'deployment', service: svc, script: false },
        { type: 'route', route },
      );
    }
    world.files.push({
      path: toolsFile,
      header: 'Platform tools, reachable on the internal Gateway only.',
      docs: toolDocs,
    });

    // Backend namespaces: shared services that tenants reach across namespaces.
    for (let b = 0; b < spec.backendsPerCluster; b++) {
      const name = `${BACKEND_WORDS[backendIndex % BACKEND_WORDS.length]}-${pad(backendIndex, 2)}`;
      backendIndex++;
      cluster.backendNamespaces.push(name);
      const broot = `${root}/backends/${name}`;
      const ns: NamespaceModel = {
        name,
        cluster: cluster.name,
        role: 'backend',
        labels: [
          ['kubernetes.io/part-of', 'backends'],
          ['owner', 'platform-data'],
        ],
        file: `${broot}/namespace.yaml`,
      };
      world.namespaces.push(ns);
      world.files.push({
        path: ns.file!,
        header: `Backend namespace ${name}.`,
        docs: [
          { type: 'namespace', namespace: ns },
          { type: 'quota', namespace: name },
        ],
      });
      const counts: Record<ServiceType, number> = {
        web: rng.int(5, 9),
        grpc: rng.int(2, 4),
        tls: rng.int(1, 2),
        db: rng.int(1, 2),
      };
      for (const type of ['web', 'grpc', 'tls', 'db'] as const) {
        const words = rng.sample(SERVICE_WORDS[type], counts[type]);
        for (const word of words) {
          const svc: ServiceModel = {
            cluster: cluster.name,
            namespace: name,
            name: word,
            type,
            ports: PORTS[type],
            file: `${broot}/components/${word}.yaml`,
          };
          addService(svc);
          const docs: DocRef[] = [
            { type: 'service', service: svc },
            { type: 'deployment', service: svc, script: rng.chance(0.5) },
          ];
          if (rng.chance(0.5)) docs.push({ type: 'configmap', service: svc, lines: rng.int(20, 90) });
          if (rng.chance(0.15)) docs.push({ type: 'hpa', service: svc });
          if (rng.chance(0.15)) docs.push({ type: 'pdb', service: svc });
          world.files.push({ path: svc.file, header: `${word}: shared ${type} service in ${name}.`, docs });
        }
      }
    }

    // Tenants.
    for (let t = 0; t < spec.tenantsPerCluster; t++) {
      const name = `team-${TEAM_WORDS[tenantIndex % TEAM_WORDS.length]}-${pad(tenantIndex)}`;
      tenantIndex++;
      const troot = `${root}/tenants/${name}`;
      const tier = rng.pick(TIERS);
      const tenant: TenantModel = {
        name,
        cluster: cluster.name,
        backendNamespaces: rng.sample(
          cluster.backendNamespaces,
          rng.int(1, Math.min(3, cluster.backendNamespaces.length)),
        ),
        localServices: [],
        broken: [],
      };
      cluster.tenants.push(tenant);
      world.tenants.push(tenant);
      const ns: NamespaceModel = {
        name,
        cluster: cluster.name,
        role: 'tenant',
        labels: [
          ['team', name.replace(/^team-/, '')],
          ['tier', tier],
          ['gateway-access', 'shared'],
        ],
        file: `${troot}/namespace.yaml`,
      };
      world.namespaces.push(ns);
      const nsDocs: DocRef[] = [{ type: 'namespace', namespace: ns }];
      if (rng.chance(0.25)) nsDocs.push({ type: 'quota', namespace: name });
      world.files.push({
        path: ns.file!,
        header: `Namespace of ${name}. The gateway-access label admits its routes on the shared Gateway.`,
        docs: nsDocs,
      });
      // Local apps (Deployment + Service [+ ConfigMap]) that routes may target in their own namespace.
      const appFiles: string[] = [];
      for (const word of rng.sample(APP_WORDS, rng.chance(0.7) ? 1 : 2)) {
        const svc: ServiceModel = {
          cluster: cluster.name,
          namespace: name,
          name: `${word}-svc`,
          type: 'web',
          ports: PORTS.web,
          file: `${troot}/apps/${word}.yaml`,
        };
        tenant.localServices.push(svc);
        addService(svc);
        const docs: DocRef[] = [
          { type: 'deployment', service: svc, script: rng.chance(0.4) },
          { type: 'service', service: svc },
        ];
        if (rng.chance(0.3)) docs.push({ type: 'configmap', service: svc, lines: rng.int(15, 60) });
        world.files.push({ path: svc.file, header: `${word} of ${name}.`, docs });
        appFiles.push(`apps/${word}.yaml`);
      }
      // Routes, grouped per app into files of 1–6 documents.
      const total = rng.int(spec.routesPerTenant[0], spec.routesPerTenant[1]);
      const routes: RouteModel[] = [];
      for (let i = 0; i < total; i++) routes.push(makeRoute(rng, tenant, domain, i, servicesIn));
      const routeFiles: string[] = [];
      let fileNo = 0;
      for (const group of groups(rng, routes)) {
        const app = group[0]!.app;
        const path = `${troot}/routes/${app}-${pad(fileNo++, 2)}.yaml`;
        for (const r of group) {
          r.file = path;
          world.routes.push(r);
        }
        world.files.push({
          path,
          header: `Routes of ${name} for ${app}.`,
          docs: group.map((route) => ({ type: 'route', route })),
        });
        routeFiles.push(path.slice(troot.length + 1));
      }
      // Tenants once wrote a kustomization by chance; the draw stays so every later draw is the same.
      rng.chance(0.25);
    }
  }

  // ---- tenant-owned Gateways (from: Same) -----------------------------------------------------
  const ownCount = Math.max(2, Math.round(world.tenants.length * 0.15));
  for (const tenant of rng.sample(world.tenants, ownCount)) {
    const gw: GatewayModel = {
      cluster: tenant.cluster,
      namespace: tenant.name,
      name: 'own',
      file: `clusters/${tenant.cluster}/tenants/${tenant.name}/gateway.yaml`,
      listeners: [{ name: 'http', port: 8080, protocol: 'HTTP', from: 'Same', fromWritten: rng.chance(0.5) }],
    };
    tenant.ownGateway = gw;
    world.gateways.push(gw);
    world.files.push({
      path: gw.file,
      header: `A Gateway ${tenant.name} runs for itself; it admits routes of its own namespace only.`,
      docs: [{ type: 'gateway', gateway: gw }],
    });
    // Some of the tenant's HTTPRoutes use it instead of the shared Gateway.
    for (const r of world.routes) {
      if (r.namespace === tenant.name && r.kind === 'HTTPRoute' && r.parents.length === 1 && rng.chance(0.3)) {
        r.parents = [
          { namespace: tenant.name, name: 'own', ...(rng.chance(0.5) ? { sectionName: 'http' } : {}), explicit: false },
        ];
      }
    }
  }

  // ---- deliberate breakage --------------------------------------------------------------------
  const tenantRoutes = world.routes.filter((r) => r.namespace !== PLATFORM_NS);
  const R = tenantRoutes.length;
  const T = world.tenants.length;
  const nsOf = new Map(world.namespaces.map((n) => [n.name, n]));
  const free = rng.shuffle(world.tenants);
  const takeTenants = (n: number, kind: string): TenantModel[] => {
    const taken = free.splice(0, n);
    for (const t of taken) {
      t.broken.push(kind);
      count(kind);
    }
    return taken;
  };
  // A tenant namespace without the label the shared listeners select on.
  for (const t of takeTenants(Math.max(1, Math.round(T * 0.03)), 'namespace-unlabelled')) {
    const ns = nsOf.get(t.name)!;
    ns.labels = ns.labels.filter(([k]) => k !== 'gateway-access');
  }
  // A tenant whose Namespace manifest is not in the repository: Selector admission is unknown.
  for (const t of takeTenants(Math.max(1, Math.round(T * 0.02)), 'namespace-manifest-missing')) {
    const ns = nsOf.get(t.name)!;
    const file = world.files.find((f) => f.path === ns.file)!;
    file.docs = file.docs.filter((d) => d.type !== 'namespace');
    file.header = `Resource quota of ${t.name} (its Namespace is created by the cluster bootstrap, outside this repository).`;
    if (file.docs.length === 0) file.docs.push({ type: 'quota', namespace: t.name });
    delete ns.file;
  }
  // A tenant left out of the grants of one backend namespace it uses.
  const ungranted = new Set<string>();
  const grantedNamespaces = (t: TenantModel) =>
    [
      ...new Set(
        world.routes
          .filter((r) => r.namespace === t.name)
          .flatMap((r) => r.rules.flatMap((x) => x.backends))
          .filter((b) => b.intent === 'granted')
          .map((b) => b.namespace),
      ),
    ].sort();
  for (const t of takeTenants(Math.max(1, Math.round(T * 0.03)), 'grant-missing-for-tenant')) {
    const used = grantedNamespaces(t);
    if (used.length > 0) ungranted.add(`${rng.pick(used)}|${t.name}`);
  }
  const breakRoutes = (
    share: number,
    kind: string,
    eligible: (r: RouteModel) => boolean,
    apply: (r: RouteModel) => void,
  ) => {
    const candidates = tenantRoutes.filter((r) => r.broken.length === 0 && eligible(r));
    for (const r of rng.sample(candidates, Math.max(1, Math.round(R * share)))) {
      apply(r);
      r.broken.push(kind);
      count(kind);
    }
  };
  const tenantOf = new Map(world.tenants.map((t) => [t.name, t]));
  const clusterOf = new Map(world.clusters.map((c) => [c.name, c]));
  // A backendRef into a backend namespace that grants the tenant nothing.
  const otherBackend = (r: RouteModel) =>
    clusterOf
      .get(r.cluster)!
      .backendNamespaces.filter((b) => !tenantOf.get(r.namespace)!.backendNamespaces.includes(b));
  breakRoutes(
    0.01,
    'backend-namespace-not-granted',
    (r) => r.rules.some((x) => x.backends.some((b) => b.intent === 'granted')) && otherBackend(r).length > 0,
    (r) => {
      const b = r.rules.flatMap((x) => x.backends).find((x) => x.intent === 'granted')!;
      b.namespace = rng.pick(otherBackend(r));
      b.name = rng.pick(servicesIn(b.namespace, KIND_SERVICE[r.kind])).name;
      b.intent = 'wrong-namespace';
    },
  );
  // A sectionName typo.
  breakRoutes(
    0.01,
    'section-name-typo',
    (r) => r.parents.some((p) => p.sectionName === 'https'),
    (r) => {
      r.parents.find((p) => p.sectionName === 'https')!.sectionName = 'htps';
    },
  );
  // Hostnames outside the listener's wildcard.
  breakRoutes(
    0.01,
    'hostname-mismatch',
    (r) => r.kind === 'HTTPRoute' && r.parents.length === 1 && r.parents[0]!.sectionName === 'https',
    (r) => {
      r.hostnames = [`${r.app}.${r.namespace}.example.org`];
    },
  );
  // A parentRef to another tenant's own Gateway (`from: Same`).
  const owners = world.tenants.filter((t) => t.ownGateway);
  breakRoutes(
    0.005,
    'foreign-same-namespace-gateway',
    (r) => r.kind === 'HTTPRoute' && owners.some((o) => o.name !== r.namespace && o.cluster === r.cluster),
    (r) => {
      const o = rng.pick(owners.filter((x) => x.name !== r.namespace && x.cluster === r.cluster));
      r.parents = [{ namespace: o.name, name: 'own', explicit: true }];
    },
  );
  // A same-namespace backendRef to a Service that does not exist.
  breakRoutes(
    0.005,
    'local-service-missing',
    (r) => r.rules.some((x) => x.backends.some((b) => b.intent === 'local')),
    (r) => {
      const b = r.rules.flatMap((x) => x.backends).find((x) => x.intent === 'local')!;
      b.name = b.name.replace(/-svc$/, '-service');
      b.intent = 'missing';
    },
  );
  // Solo mirror grants: one HTTPRoute mirrors to a backend namespace it has no other access to,
  // through a grant naming just that Service. Editing the mirror's name breaks the route and leaves
  // the grant unused (the route edits of the benchmark).
  const soloCandidates = tenantRoutes.filter(
    (r) =>
      r.kind === 'HTTPRoute' &&
      r.broken.length === 0 &&
      r.rules.every((x) => !x.mirror) &&
      otherBackend(r).length > 0 &&
      !tenantOf.get(r.namespace)!.broken.length,
  );
  const mirrorRoutes = new Set<RouteModel>();
  for (const r of rng.sample(soloCandidates, 6)) {
    if ([...mirrorRoutes].some((m) => m.namespace === r.namespace)) continue;
    // The tenant must have no other way into the mirror's namespace, broken references included.
    const reached = new Set(
      world.routes
        .filter((x) => x.namespace === r.namespace)
        .flatMap((x) => x.rules.flatMap((y) => [...y.backends, ...(y.mirror ? [y.mirror] : [])]))
        .map((y) => y.namespace),
    );
    const options = otherBackend(r).filter((b) => !reached.has(b));
    if (options.length === 0) continue;
    mirrorRoutes.add(r);
    const b = rng.pick(options);
    const svc = rng.pick(servicesIn(b, 'web'));
    r.rules[0]!.mirror = { namespace: b, name: svc.name, port: 80, intent: 'mirror-solo' };
  }

  // ---- ReferenceGrants, derived from the granted references ------------------------------------
  for (const cluster of world.clusters) {
    for (const b of cluster.backendNamespaces) {
      const gdir = `clusters/${cluster.name}/backends/${b}/grants`;
      // users[kind] = tenant → services referenced
      const users = new Map<RouteKind, Map<string, Set<string>>>();
      for (const r of world.routes) {
        if (r.cluster !== cluster.name) continue;
        for (const ref of r.rules.flatMap((x) => [...x.backends, ...(x.mirror ? [x.mirror] : [])])) {
          if (ref.namespace !== b || ref.intent !== 'granted' || ungranted.has(`${b}|${r.namespace}`)) continue;
          const byTenant = users.get(r.kind) ?? new Map<string, Set<string>>();
          const set = byTenant.get(r.namespace) ?? new Set<string>();
          set.add(ref.name);
          byTenant.set(r.namespace, set);
          users.set(r.kind, byTenant);
        }
      }
      const style = rng.weighted([
        ['per-kind', 4],
        ['named', 3],
        ['per-tenant', 3],
      ] as const);
      const grants: GrantModel[] = [];
      const grant = (
        name: string,
        from: GrantModel['from'],
        to: GrantModel['to'],
        s: GrantModel['style'],
      ): GrantModel => ({
        id: `${cluster.name}/${b}/${name}`,
        cluster: cluster.name,
        namespace: b,
        name,
        file: '',
        from,
        to,
        style: s,
      });
      const kinds = (['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'] as const).filter((k) => users.has(k));
      if (style === 'per-kind') {
        for (const k of kinds) {
          chunks([...users.get(k)!.keys()].sort(), 16).forEach((tenants, i) =>
            grants.push(
              grant(
                `allow-${k.toLowerCase()}s-${pad(i + 1, 2)}`,
                tenants.map((namespace) => ({ kind: k, namespace })),
                [{}],
                'per-kind',
              ),
            ),
          );
        }
      } else if (style === 'named') {
        for (const k of kinds) {
          const byTenant = users.get(k)!;
          chunks([...byTenant.keys()].sort(), 16).forEach((tenants, i) => {
            const names = [...new Set(tenants.flatMap((t) => [...byTenant.get(t)!]))].sort();
            chunks(names, 16).forEach((svcs, j) =>
              grants.push(
                grant(
                  `allow-${k.toLowerCase()}s-${pad(i + 1, 2)}-${pad(j + 1, 2)}`,
                  tenants.map((namespace) => ({ kind: k, namespace })),
                  svcs.map((name) => ({ name })),
                  'named',
                ),
              ),
            );
          });
        }
      } else {
        const tenants = [...new Set(kinds.flatMap((k) => [...users.get(k)!.keys()]))].sort();
        for (const t of tenants)
          grants.push(
            grant(
              `allow-${t}`,
              kinds.filter((k) => users.get(k)!.has(t)).map((kind) => ({ kind, namespace: t })),
              [{}],
              'per-tenant',
            ),
          );
      }
      // Grants left behind by tenants that have moved away: they permit nothing here.
      if (rng.chance(0.3)) {
        const retired = `team-retired-${pad(rng.int(0, 999))}`;
        grants.push(grant(`allow-${retired}`, [{ kind: 'HTTPRoute', namespace: retired }], [{}], 'stale'));
        count('stale-grant');
      }
      let grantFileNo = 0;
      for (const group of groups(rng, rng.shuffle(grants))) {
        const path = `${gdir}/grants-${pad(++grantFileNo, 2)}.yaml`;
        for (const g of group) g.file = path;
        world.files.push({
          path,
          header: `ReferenceGrants of ${b}: which tenants' routes may reach its Services.`,
          docs: group.map((g) => ({ type: 'grant', grant: g })),
        });
      }
      world.grants.push(...grants);
      for (const r of mirrorRoutes) {
        const m = r.rules[0]!.mirror!;
        if (m.namespace !== b) continue;
        const g = grant(
          `allow-mirror-${r.name}`,
          [{ kind: 'HTTPRoute', namespace: r.namespace }],
          [{ name: m.name }],
          'mirror',
        );
        g.file = `${gdir}/mirror-${r.namespace}-${r.name}.yaml`;
        world.grants.push(g);
        world.files.push({
          path: g.file,
          header: `Lets ${r.namespace}/${r.name} mirror traffic to ${m.name}.`,
          docs: [{ type: 'grant', grant: g }],
        });
      }
    }
  }
  if (!world.grants.some((g) => g.style === 'stale')) {
    // Every workspace has at least one stale grant.
    const c = world.clusters[0]!;
    const b = c.backendNamespaces[0]!;
    const g: GrantModel = {
      id: `${c.name}/${b}/allow-team-retired-000`,
      cluster: c.name,
      namespace: b,
      name: 'allow-team-retired-000',
      file: `clusters/${c.name}/backends/${b}/grants/retired.yaml`,
      from: [{ kind: 'HTTPRoute', namespace: 'team-retired-000' }],
      to: [{}],
      style: 'stale',
    };
    world.grants.push(g);
    world.files.push({ path: g.file, header: 'Left behind by a retired team.', docs: [{ type: 'grant', grant: g }] });
    count('stale-grant');
  }
  // ---- non-Kubernetes YAML noise ---------------------------------------------------------------
  world.files.push({
    path: '.github/workflows/validate.yaml',
    header: 'CI: validate manifests on every pull request.',
    docs: [{ type: 'ci' }],
  });
  // Kustomize: each cluster is one build, Argo CD's root per cluster, with a kustomization in every
  // folder it goes through (kustomize builds a folder only through its kustomization).
  for (const c of world.clusters) {
    const root = `clusters/${c.name}`;
    const kustomizations = new Map<string, string[]>();
    const list = (folder: string, entry: string) => {
      const entries = kustomizations.get(folder) ?? [];
      if (!entries.includes(entry)) entries.push(entry);
      kustomizations.set(folder, entries);
    };
    for (const f of world.files) {
      if (!f.path.startsWith(`${root}/`)) continue;
      const parts = f.path.slice(root.length + 1).split('/');
      // platform/<file>, backends/<ns>/<file or grants/file>, tenants/<team>/<file or routes/file>
      const depth = parts[0] === 'platform' ? 1 : 2;
      const folder = [root, ...parts.slice(0, depth)].join('/');
      list(folder, parts.slice(depth).join('/'));
      for (let i = depth; i > 0; i--) list([root, ...parts.slice(0, i - 1)].join('/'), parts[i - 1]!);
    }
    for (const [folder, resources] of [...kustomizations].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      world.files.push({
        path: `${folder}/kustomization.yaml`,
        header:
          folder === root
            ? `Kustomize root of ${c.name} (an Argo CD Application per cluster).`
            : 'Kustomize entry point (not a cluster object).',
        docs: [{ type: 'kustomization', resources: resources.sort() }],
      });
    // Flux syncs the cluster's folder (its path from the repository's root, found upwards from
    // flux-system/): the Flux build is then the root, the cluster's kustomization inside it.
    world.files.push({
      path: `${root}/flux-system/sync.yaml`,
      header: `Flux syncs ${c.name} from this repository.`,
      docs: [{ type: 'fluxKustomization', name: c.name, path: `./${root}` }],
    });
  }
  world.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return world;
}

function makeRoute(
  rng: Prng,
  tenant: TenantModel,
  domain: string,
  i: number,
  servicesIn: (ns: string, type: ServiceType) => ServiceModel[],
): RouteModel {
  const kind = rng.weighted([
    ['HTTPRoute', 80],
    ['GRPCRoute', 10],
    ['TLSRoute', 5],
    ['TCPRoute', 5],
  ] as const);
  const app = rng.pick(APP_WORDS);
  const name = `${app}-${kind === 'HTTPRoute' ? 'http' : kind === 'GRPCRoute' ? 'grpc' : kind === 'TLSRoute' ? 'tls' : 'tcp'}-${pad(i, 2)}`;
  const ns = tenant.name;
  const shared = (sectionName?: string): ParentRefModel => ({
    namespace: PLATFORM_NS,
    name: 'shared',
    ...(sectionName ? { sectionName } : {}),
    explicit: rng.chance(0.6),
  });
  const appHost = `${app}-${pad(i, 2)}.${ns}.apps.${domain}`;
  const route: RouteModel = {
    id: `${ns}/${name}`,
    cluster: tenant.cluster,
    kind,
    namespace: ns,
    name,
    app,
    file: '',
    hostnames: [],
    parents: [],
    rules: [],
    broken: [],
  };
  const cross = (type: ServiceType, port: number, intent: BackendRefModel['intent'] = 'granted'): BackendRefModel => {
    const b = rng.pick(tenant.backendNamespaces);
    return { namespace: b, name: rng.pick(servicesIn(b, type)).name, port, intent };
  };
  switch (kind) {
    case 'HTTPRoute': {
      const shape = rng.weighted([
        ['https', 65],
        ['no-section', 12],
        ['public', 11],
        ['both', 12],
      ] as const);
      if (shape === 'https') {
        route.parents = [shared('https')];
        route.hostnames = rng.chance(0.3) ? [appHost, `${app}.${ns}.apps.${domain}`] : [appHost];
      } else if (shape === 'no-section') {
        route.parents = [shared()];
        route.hostnames = rng.chance(0.5) ? [appHost] : [`${app}-${pad(i, 2)}.${ns}.internal.example.net`];
      } else if (shape === 'public') {
        route.parents = [{ namespace: PLATFORM_NS, name: 'public', sectionName: 'http', explicit: rng.chance(0.5) }];
        route.hostnames = [`${app}-${pad(i, 2)}.${ns}.public.${domain}`];
      } else {
        route.parents = [
          shared('https'),
          { namespace: PLATFORM_NS, name: 'public', sectionName: 'http', explicit: rng.chance(0.5) },
        ];
        route.hostnames = [appHost];
      }
      const rules = rng.int(1, 3);
      for (let k = 0; k < rules; k++) {
        const backends: BackendRefModel[] = [];
        const n = rng.chance(0.25) ? 2 : 1;
        for (let j = 0; j < n; j++) {
          const local = tenant.localServices.length > 0 && rng.chance(0.4);
          backends.push(
            local
              ? { namespace: ns, name: rng.pick(tenant.localServices).name, port: 80, intent: 'local' }
              : cross('web', 80),
          );
        }
        if (n === 2) {
          backends[0]!.weight = 90;
          backends[1]!.weight = 10;
        }
        const rule: RuleModel = {
          pathPrefix: k === 0 ? '/' : rng.pick(['/api', '/admin', '/v2', '/static', '/hooks', '/graphql']),
          backends,
          headerFilter: rng.chance(0.5),
        };
        if (rng.chance(0.3)) rule.timeout = rng.pick(['5s', '10s', '30s']);
        if (rng.chance(0.05)) rule.mirror = cross('web', 80);
        route.rules.push(rule);
      }
      break;
    }
    case 'GRPCRoute':
      route.parents = [shared(rng.chance(0.8) ? 'https' : 'http')];
      route.hostnames = [`${app}-grpc-${pad(i, 2)}.${ns}.apps.${domain}`];
      route.rules = [{ pathPrefix: '', backends: [cross('grpc', 9090)], headerFilter: false }];
      break;
    case 'TLSRoute':
      route.parents = [shared('tls')];
      route.hostnames = [`${app}-${pad(i, 2)}.${ns}.tls.${domain}`];
      route.rules = [{ pathPrefix: '', backends: [cross('tls', 443)], headerFilter: false }];
      break;
    case 'TCPRoute':
      route.parents = [shared('tcp')];
      route.rules = [{ pathPrefix: '', backends: [cross('db', 5432)], headerFilter: false }];
      break;
  }
  return route;
}
