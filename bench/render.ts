// World model → YAML files, the way people write them: a header comment, several documents per
// file, comments here and there, block scalars in Deployments and ConfigMaps, flow sequences,
// defaults sometimes written out and sometimes not. While writing it records the position of
// fields the benchmark edits or hovers (marks), so nothing has to search the text afterwards.

import { Prng } from './prng.js';
import type {
  DocRef,
  FileModel,
  GatewayModel,
  GrantModel,
  ListenerModel,
  NamespaceModel,
  RouteModel,
  ServiceModel,
  World,
} from './world.js';
import { GATEWAY_GROUP } from './world.js';

export interface Mark {
  file: string;
  /** 0-based line and UTF-16 character of the value. */
  line: number;
  character: number;
}

export interface Rendered {
  files: { path: string; text: string }[];
  marks: Map<string, Mark>;
  documents: number;
}

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const KEYWORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A scalar as YAML: plain when that reads back as the same string, double-quoted otherwise. */
export function q(value: string): string {
  if (
    PLAIN.test(value) &&
    !KEYWORDS.test(value) &&
    !/^[0-9.+-]+$/.test(value) &&
    !value.includes(': ') &&
    !value.endsWith(':')
  )
    return value;
  return JSON.stringify(value);
}

class Out {
  readonly lines: string[] = [];

  constructor(
    readonly path: string,
    private readonly marks: Map<string, Mark>,
  ) {}

  l(text: string): void {
    this.lines.push(text);
  }

  /** `key: value` at `indent`, optionally marking the value's position. */
  kv(indent: number, key: string, value: string, mark?: string): void {
    if (mark) this.marks.set(mark, { file: this.path, line: this.lines.length, character: indent + key.length + 2 });
    this.lines.push(`${' '.repeat(indent)}${key}: ${value}`);
  }

  /** `- key: value` at `indent` (the dash's column), optionally marking the value. */
  item(indent: number, key: string, value: string, mark?: string): void {
    if (mark)
      this.marks.set(mark, { file: this.path, line: this.lines.length, character: indent + 2 + key.length + 2 });
    this.lines.push(`${' '.repeat(indent)}- ${key}: ${value}`);
  }
}

export function renderWorld(world: World): Rendered {
  const rng = new Prng(world.seed ^ 0x7e11_0a11);
  const marks = new Map<string, Mark>();
  const files: { path: string; text: string }[] = [];
  let documents = 0;
  for (const f of world.files) {
    const out = new Out(f.path, marks);
    renderFile(out, f, rng);
    documents += f.docs.length;
    files.push({ path: f.path, text: `${out.lines.join('\n')}\n` });
  }
  return { files, marks, documents };
}

function renderFile(out: Out, f: FileModel, rng: Prng): void {
  out.l(`# ${f.header}`);
  if (rng.chance(0.3)) out.l('# Managed by Argo CD: changes merged to main are synced within minutes.');
  f.docs.forEach((doc, i) => {
    if (i > 0 || rng.chance(0.5)) out.l('---');
    renderDoc(out, doc, rng);
  });
}

function renderDoc(out: Out, doc: DocRef, rng: Prng): void {
  switch (doc.type) {
    case 'route':
      return route(out, doc.route, rng);
    case 'grant':
      return grant(out, doc.grant, rng);
    case 'gateway':
      return gateway(out, doc.gateway, rng);
    case 'namespace':
      return namespace(out, doc.namespace);
    case 'service':
      return service(out, doc.service);
    case 'deployment':
      return deployment(out, doc.service, doc.script, rng);
    case 'configmap':
      return configMap(out, doc.service, doc.lines, rng);
    case 'gatewayclass':
      out.l(`apiVersion: ${GATEWAY_GROUP}/v1`);
      out.l('kind: GatewayClass');
      out.l('metadata:');
      out.kv(2, 'name', doc.name);
      out.l('spec:');
      out.kv(2, 'controllerName', 'example.com/gateway-controller');
      out.kv(2, 'description', q('Envoy-based gateways run by the platform team'));
      return;
    case 'certificate':
      out.l('apiVersion: cert-manager.io/v1');
      out.l('kind: Certificate');
      meta(out, doc.name, doc.namespace, []);
      out.l('spec:');
      out.kv(2, 'secretName', doc.secretName);
      out.l('  issuerRef:');
      out.kv(4, 'kind', 'ClusterIssuer');
      out.kv(4, 'name', 'letsencrypt');
      out.l('  dnsNames:');
      out.l(`    - ${q(doc.dnsName)}`);
      out.kv(2, 'duration', '2160h');
      out.kv(2, 'renewBefore', '360h');
      return;
    case 'clusterissuer':
      out.l('apiVersion: cert-manager.io/v1');
      out.l('kind: ClusterIssuer');
      out.l('metadata:');
      out.kv(2, 'name', doc.name);
      out.l('spec:');
      out.l('  acme:');
      out.kv(4, 'server', 'https://acme-v02.api.letsencrypt.org/directory');
      out.kv(4, 'email', 'platform@example.com');
      out.l('    privateKeySecretRef:');
      out.kv(6, 'name', 'letsencrypt-account-key');
      out.l('    solvers:');
      out.l('      - dns01:');
      out.l('          route53:');
      out.kv(12, 'region', 'eu-west-1');
      return;
    case 'quota':
      out.l('apiVersion: v1');
      out.l('kind: ResourceQuota');
      meta(out, 'compute', doc.namespace, []);
      out.l('spec:');
      out.l('  hard:');
      out.kv(4, 'requests.cpu', q(String(rng.int(4, 32))));
      out.kv(4, 'requests.memory', `${rng.int(8, 64)}Gi`);
      out.kv(4, 'limits.memory', `${rng.int(16, 128)}Gi`);
      out.kv(4, 'pods', q(String(rng.int(20, 200))));
      return;
    case 'hpa':
      out.l('apiVersion: autoscaling/v2');
      out.l('kind: HorizontalPodAutoscaler');
      meta(out, doc.service.name, doc.service.namespace, []);
      out.l('spec:');
      out.l('  scaleTargetRef:');
      out.kv(4, 'apiVersion', 'apps/v1');
      out.kv(4, 'kind', 'Deployment');
      out.kv(4, 'name', doc.service.name);
      out.kv(2, 'minReplicas', String(rng.int(2, 3)));
      out.kv(2, 'maxReplicas', String(rng.int(6, 20)));
      out.l('  metrics:');
      out.l('    - type: Resource');
      out.l('      resource:');
      out.kv(8, 'name', 'cpu');
      out.l('        target: {type: Utilization, averageUtilization: 70}');
      return;
    case 'pdb':
      out.l('apiVersion: policy/v1');
      out.l('kind: PodDisruptionBudget');
      meta(out, doc.service.name, doc.service.namespace, []);
      out.l('spec:');
      out.kv(2, 'maxUnavailable', '1');
      out.l('  selector:');
      out.l('    matchLabels:');
      out.kv(6, 'app.kubernetes.io/name', doc.service.name);
      return;
    case 'kustomization':
      out.l('apiVersion: kustomize.config.k8s.io/v1beta1');
      out.l('kind: Kustomization');
      out.l('resources:');
      for (const r of doc.resources) out.l(`  - ${q(r)}`);
      out.l('commonAnnotations:');
      out.kv(2, 'example.com/repo', 'platform-gitops');
      return;
    case 'fluxKustomization':
      out.l('apiVersion: kustomize.toolkit.fluxcd.io/v1');
      out.l('kind: Kustomization');
      out.l('metadata:');
      out.kv(2, 'name', doc.name);
      out.kv(2, 'namespace', 'flux-system');
      out.l('spec:');
      out.kv(2, 'interval', '10m');
      out.kv(2, 'path', doc.path);
      out.kv(2, 'prune', 'true');
      out.l('  sourceRef:');
      out.kv(4, 'kind', 'GitRepository');
      out.kv(4, 'name', 'flux-system');
      return;
    case 'ci':
      out.l('name: validate');
      out.l('on:');
      out.l('  pull_request:');
      out.l('    paths: ["clusters/**"]');
      out.l('jobs:');
      out.l('  check:');
      out.kv(4, 'runs-on', 'ubuntu-latest');
      out.l('    steps:');
      out.l('      - uses: actions/checkout@v4');
      out.l('      - name: Check Gateway API references');
      out.l('        run: |');
      out.l('          npx gateway-refs check clusters/ --format sarif > results.sarif');
      out.l('          echo "done"');
      return;
  }
}

function meta(out: Out, name: string, namespace: string, labels: [string, string][], nameMark?: string): void {
  out.l('metadata:');
  out.kv(2, 'name', name, nameMark);
  out.kv(2, 'namespace', namespace);
  if (labels.length > 0) {
    out.l('  labels:');
    for (const [k, v] of labels) out.kv(4, k, q(v));
  }
}

function route(out: Out, r: RouteModel, rng: Prng): void {
  const version = 'v1'; // every route kind is served as v1 by the standard channel's CRDs
  if (rng.chance(0.3))
    out.l(
      `# ${r.app}: ${r.kind === 'HTTPRoute' ? 'web traffic' : r.kind === 'GRPCRoute' ? 'gRPC API' : r.kind === 'TLSRoute' ? 'TLS passthrough' : 'database access'}`,
    );
  out.l(`apiVersion: ${GATEWAY_GROUP}/${version}`);
  out.l(`kind: ${r.kind}`);
  meta(out, r.name, r.namespace, [
    ['app.kubernetes.io/name', r.app],
    ['app.kubernetes.io/part-of', r.namespace],
    ['app.kubernetes.io/managed-by', 'argocd'],
  ]);
  if (rng.chance(0.5)) {
    out.l('  annotations:');
    out.kv(4, 'example.com/owner', q(`${r.namespace}@example.com`));
    out.kv(4, 'example.com/runbook', q(`https://runbooks.example.com/${r.namespace}/${r.app}`));
  }
  out.l('spec:');
  out.l('  parentRefs:');
  r.parents.forEach((p, i) => {
    const mark = i === 0 ? `route:${r.id}:parent` : undefined;
    if (p.explicit) {
      out.item(4, 'group', GATEWAY_GROUP);
      out.kv(6, 'kind', 'Gateway');
      out.kv(6, 'name', p.name, mark);
    } else out.item(4, 'name', p.name, mark);
    out.kv(6, 'namespace', p.namespace);
    if (p.sectionName) out.kv(6, 'sectionName', p.sectionName);
  });
  if (r.hostnames.length > 0) {
    out.l('  hostnames:');
    for (const h of r.hostnames) out.l(`    - ${q(h)}`);
  }
  out.l('  rules:');
  let firstBackend = true;
  for (const rule of r.rules) {
    const backendMark = () => {
      const m = firstBackend ? `route:${r.id}:backend` : undefined;
      firstBackend = false;
      return m;
    };
    if (r.kind === 'HTTPRoute') {
      out.l('    - matches:');
      out.l('        - path:');
      out.kv(12, 'type', 'PathPrefix');
      out.kv(12, 'value', rule.pathPrefix);
      if (rng.chance(0.2)) {
        out.l('          headers:');
        out.item(12, 'name', 'x-tenant');
        out.kv(14, 'value', r.namespace);
      }
      if (rule.headerFilter || rule.mirror) out.l('      filters:');
      if (rule.headerFilter) {
        out.item(8, 'type', 'RequestHeaderModifier');
        out.l('          requestHeaderModifier:');
        out.l('            add:');
        out.item(14, 'name', 'x-routed-by');
        out.kv(16, 'value', 'shared-gateway');
      }
      if (rule.mirror) {
        out.item(8, 'type', 'RequestMirror');
        out.l('          requestMirror:');
        out.l('            backendRef:');
        out.kv(14, 'name', rule.mirror.name, `route:${r.id}:mirror`);
        out.kv(14, 'namespace', rule.mirror.namespace);
        out.kv(14, 'port', String(rule.mirror.port));
      }
    } else if (r.kind === 'GRPCRoute') {
      out.l('    - matches:');
      out.l('        - method:');
      out.kv(12, 'service', q(`example.${r.app.replace(/-/g, '')}.v1.Service`));
    }
    out.l(r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute' ? '      backendRefs:' : '    - backendRefs:');
    for (const b of rule.backends) {
      out.item(8, 'name', b.name, backendMark());
      if (b.namespace !== r.namespace || rng.chance(0.2)) out.kv(10, 'namespace', b.namespace);
      if (rng.chance(0.15)) out.kv(10, 'kind', 'Service');
      out.kv(10, 'port', String(b.port));
      if (b.weight !== undefined) out.kv(10, 'weight', String(b.weight));
    }
    if (rule.timeout) {
      out.l('      timeouts:');
      out.kv(8, 'request', rule.timeout);
    }
  }
}

function grant(out: Out, g: GrantModel, rng: Prng): void {
  out.l(`apiVersion: ${GATEWAY_GROUP}/v1beta1`);
  out.l('kind: ReferenceGrant');
  meta(out, g.name, g.namespace, rng.chance(0.5) ? [['app.kubernetes.io/managed-by', 'argocd']] : []);
  out.l('spec:');
  out.l('  from:');
  g.from.forEach((f, i) => {
    out.item(4, 'group', GATEWAY_GROUP);
    out.kv(6, 'kind', f.kind);
    out.kv(6, 'namespace', f.namespace, `grant:${g.id}:from:${i}`);
  });
  out.l('  to:');
  for (const t of g.to) {
    out.item(4, 'group', '""');
    out.kv(6, 'kind', 'Service');
    if (t.name !== undefined) out.kv(6, 'name', t.name);
  }
}

function gateway(out: Out, g: GatewayModel, rng: Prng): void {
  out.l(`apiVersion: ${GATEWAY_GROUP}/v1`);
  out.l('kind: Gateway');
  meta(out, g.name, g.namespace, [['app.kubernetes.io/part-of', 'platform']]);
  out.l('spec:');
  out.kv(2, 'gatewayClassName', 'example-gateway');
  out.l('  listeners:');
  for (const l of g.listeners) listener(out, l, rng);
}

function listener(out: Out, l: ListenerModel, rng: Prng): void {
  out.item(4, 'name', l.name);
  out.kv(6, 'protocol', l.protocol);
  out.kv(6, 'port', String(l.port));
  if (l.hostname) out.kv(6, 'hostname', q(l.hostname));
  if (l.protocol === 'HTTPS') {
    out.l('      tls:');
    out.kv(8, 'mode', 'Terminate');
    out.l('        certificateRefs:');
    out.item(10, 'kind', 'Secret');
    out.kv(12, 'name', l.certificateSecret!);
  } else if (l.protocol === 'TLS') {
    out.l('      tls:');
    out.kv(8, 'mode', l.tlsMode ?? 'Passthrough');
  }
  if (!l.fromWritten && !l.kinds) return;
  out.l('      allowedRoutes:');
  if (l.fromWritten) {
    out.l('        namespaces:');
    out.kv(10, 'from', l.from);
    if (l.selector) {
      out.l('          selector:');
      if (l.selector.matchLabels.length > 0) {
        out.l('            matchLabels:');
        for (const [k, v] of l.selector.matchLabels) out.kv(14, k, q(v));
      }
      if (l.selector.matchExpressions.length > 0) {
        out.l('            matchExpressions:');
        for (const e of l.selector.matchExpressions) {
          out.item(14, 'key', e.key);
          out.kv(16, 'operator', e.operator);
          if (e.values.length === 0) continue;
          if (rng.chance(0.5)) out.kv(16, 'values', `[${e.values.map(q).join(', ')}]`);
          else {
            out.l(`${' '.repeat(16)}values:`);
            for (const v of e.values) out.l(`${' '.repeat(18)}- ${q(v)}`);
          }
        }
      }
    }
  }
  if (l.kinds) {
    out.l('        kinds:');
    for (const k of l.kinds) out.item(10, 'kind', k);
  }
}

function namespace(out: Out, ns: NamespaceModel): void {
  out.l('apiVersion: v1');
  out.l('kind: Namespace');
  out.l('metadata:');
  out.kv(2, 'name', ns.name);
  out.l('  labels:');
  for (const [k, v] of ns.labels)
    out.kv(4, k, q(v), k === 'gateway-access' ? `ns:${ns.name}:gateway-access` : undefined);
  out.l('  annotations:');
  out.kv(4, 'example.com/contact', q(`#${ns.name}`));
}

function service(out: Out, s: ServiceModel): void {
  out.l('apiVersion: v1');
  out.l('kind: Service');
  meta(out, s.name, s.namespace, [['app.kubernetes.io/name', s.name]]);
  out.l('spec:');
  out.kv(2, 'type', 'ClusterIP');
  out.l('  selector:');
  out.kv(4, 'app.kubernetes.io/name', s.name);
  out.l('  ports:');
  for (const p of s.ports) {
    out.item(4, 'name', p.name);
    out.kv(6, 'port', String(p.port));
    out.kv(6, 'targetPort', p.port === 80 ? '8080' : String(p.port));
    out.kv(6, 'protocol', 'TCP');
  }
}

function deployment(out: Out, s: ServiceModel, script: boolean, rng: Prng): void {
  const version = `${rng.int(1, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
  out.l('apiVersion: apps/v1');
  out.l('kind: Deployment');
  meta(out, s.name, s.namespace, [
    ['app.kubernetes.io/name', s.name],
    ['app.kubernetes.io/version', version],
  ]);
  out.l('spec:');
  out.kv(2, 'replicas', String(rng.int(2, 6)));
  out.kv(2, 'revisionHistoryLimit', '5');
  out.l('  selector:');
  out.l('    matchLabels:');
  out.kv(6, 'app.kubernetes.io/name', s.name);
  out.l('  template:');
  out.l('    metadata:');
  out.l('      labels:');
  out.kv(8, 'app.kubernetes.io/name', s.name);
  out.l('      annotations:');
  out.kv(8, 'prometheus.io/scrape', '"true"');
  out.kv(8, 'prometheus.io/port', '"9100"');
  out.l('    spec:');
  out.kv(6, 'serviceAccountName', s.name);
  out.l('      securityContext:');
  out.kv(8, 'runAsNonRoot', 'true');
  out.l('        seccompProfile:');
  out.kv(10, 'type', 'RuntimeDefault');
  out.l('      containers:');
  out.item(8, 'name', 'app');
  out.kv(10, 'image', `registry.example.com/${s.namespace}/${s.name}:${version}`);
  out.kv(10, 'imagePullPolicy', 'IfNotPresent');
  if (script) {
    out.l('          command: ["/bin/sh", "-c"]');
    out.l('          args:');
    out.l('            - |');
    out.l('              set -euo pipefail');
    out.l(`              echo "starting ${s.name} ${version}"`);
    out.l('              if [ -f /etc/app/application.yaml ]; then');
    out.l('                export APP_CONFIG=/etc/app/application.yaml');
    out.l('              fi');
    out.l(`              exec /app/server --port=8080 --metrics-port=9100 --log-format=json # ${s.namespace}`);
  } else out.l('          args: ["--port=8080", "--metrics-port=9100", "--log-format=json"]');
  out.l('          ports:');
  for (const p of s.ports) {
    out.item(12, 'name', p.name);
    out.kv(14, 'containerPort', p.port === 80 ? '8080' : String(p.port));
  }
  out.l('          env:');
  out.item(12, 'name', 'LOG_LEVEL');
  out.kv(14, 'value', rng.pick(['info', 'debug', 'warn']));
  out.item(12, 'name', 'OTEL_EXPORTER_OTLP_ENDPOINT');
  out.kv(14, 'value', q('http://otel-collector.observability:4317'));
  out.item(12, 'name', 'DB_PASSWORD');
  out.l('              valueFrom:');
  out.l('                secretKeyRef:');
  out.kv(18, 'name', `${s.name}-db`);
  out.kv(18, 'key', 'password');
  out.l('          resources:');
  out.l(`            requests: {cpu: ${rng.int(50, 500)}m, memory: ${rng.int(64, 512)}Mi}`);
  out.l('            limits:');
  out.kv(14, 'memory', `${rng.int(512, 2048)}Mi`);
  out.l('          readinessProbe:');
  out.l('            httpGet:');
  out.kv(14, 'path', '/healthz');
  out.kv(14, 'port', s.ports[0]!.name);
  out.kv(12, 'periodSeconds', '10');
  out.l('          livenessProbe:');
  out.l('            httpGet:');
  out.kv(14, 'path', '/livez');
  out.kv(14, 'port', s.ports[0]!.name);
  out.kv(12, 'initialDelaySeconds', '15');
  out.l('          volumeMounts:');
  out.item(12, 'name', 'config');
  out.kv(14, 'mountPath', '/etc/app');
  out.kv(14, 'readOnly', 'true');
  out.l('      volumes:');
  out.item(8, 'name', 'config');
  out.l('          configMap:');
  out.kv(12, 'name', `${s.name}-config`);
  out.kv(12, 'optional', 'true');
}

function configMap(out: Out, s: ServiceModel, lines: number, rng: Prng): void {
  out.l('apiVersion: v1');
  out.l('kind: ConfigMap');
  meta(out, `${s.name}-config`, s.namespace, [['app.kubernetes.io/name', s.name]]);
  out.l('data:');
  out.kv(2, 'LOG_FORMAT', 'json');
  out.kv(2, 'FEATURE_FLAGS', q('checkout-v2,fast-search'));
  out.l('  application.yaml: |');
  out.l('    server:');
  out.l('      port: 8080');
  out.l('      shutdown: graceful');
  out.l('    upstreams:');
  for (let i = 0; i < lines; i++) {
    const name = `${rng.pick(['orders', 'users', 'stock', 'prices', 'events', 'audit'])}-${i}`;
    out.l(`      - name: ${name}`);
    out.l(`        url: http://${name}.${s.namespace}.svc.cluster.local:${rng.pick([80, 8080, 9090])}`);
    if (i % 3 === 0)
      out.l(`        timeout: ${rng.int(1, 30)}s # tuned after the ${rng.pick(['March', 'June', 'October'])} incident`);
  }
  if (rng.chance(0.4)) {
    out.l('  nginx.conf: |');
    out.l('    worker_processes auto;');
    out.l('    events { worker_connections 1024; }');
    out.l('    http {');
    out.l('      server {');
    out.l('        listen 8081;');
    out.l('        location /healthz { return 200 "ok"; }');
    out.l(`        location / { proxy_pass http://127.0.0.1:8080; proxy_set_header X-Namespace ${s.namespace}; }`);
    out.l('      }');
    out.l('    }');
  }
}
