// Gateway, ListenerSet and GatewayClass extraction, with the CRD defaults the analysis reads
// (`allowedRoutes` `from: Same`, `tls.mode: Terminate`, listener kinds' group). What the API server
// rejects (the CRDs' schemas and CEL rules) is admission's (core/admission), not this reader's.

import type { YMap } from '../syntax/tree.js';
import type { Reader } from './reader.js';
import { intern } from '../strings.js';
import { readLabelSelector, readObjectRef } from './references.js';
import type {
  AllowedListeners,
  AllowedRoutes,
  FrontendValidation,
  Listener,
  ListenerTLS,
  ObjectRef,
  ParametersRef,
  RouteGroupKind,
} from './resource.js';
import { CORE_GROUP, GATEWAY_GROUP } from './resource.js';

export interface GatewaySpec {
  gatewayClassName?: { value: string; span: { start: number; end: number } };
  listeners: Listener[];
  allowedListeners: AllowedListeners;
  parametersRef?: ParametersRef;
  frontendValidation: FrontendValidation[];
  backendClientCertificateRef?: ObjectRef;
}

export function readGatewaySpec(r: Reader, spec: YMap | undefined, namespace: string): GatewaySpec {
  const result: GatewaySpec = { listeners: [], allowedListeners: { from: 'None' }, frontendValidation: [] };
  if (!spec) return result;
  const className = r.requiredString(spec, 'gatewayClassName', 'spec.gatewayClassName', spec.span);
  if (className) result.gatewayClassName = className;
  result.listeners = readListeners(r, spec, 'spec', namespace);
  const allowed = r.map(
    r.field(r.map(r.field(spec, 'allowedListeners'), 'spec.allowedListeners'), 'namespaces'),
    'spec.allowedListeners.namespaces',
  );
  const from = r.string(r.field(allowed, 'from'), 'spec.allowedListeners.namespaces.from');
  if (from) result.allowedListeners = { from: from.value, fromSpan: from.span };
  const selector = readLabelSelector(r, r.field(allowed, 'selector'), 'spec.allowedListeners.namespaces.selector');
  if (selector) result.allowedListeners.selector = selector;

  const infrastructure = r.map(r.field(spec, 'infrastructure'), 'spec.infrastructure');
  const params = r.map(r.field(infrastructure, 'parametersRef'), 'spec.infrastructure.parametersRef');
  if (params) {
    const p = readParametersRef(r, params, 'spec.infrastructure.parametersRef', namespace);
    if (p) result.parametersRef = p;
  }

  const tls = r.map(r.field(spec, 'tls'), 'spec.tls');
  const frontend = r.map(r.field(tls, 'frontend'), 'spec.tls.frontend');
  const defaultValidation = r.map(
    r.field(r.map(r.field(frontend, 'default'), 'spec.tls.frontend.default'), 'validation'),
    'spec.tls.frontend.default.validation',
  );
  if (defaultValidation)
    result.frontendValidation.push(
      readValidation(r, defaultValidation, 'spec.tls.frontend.default.validation', namespace, undefined),
    );
  for (const item of r.items(frontend, 'perPort', 'spec.tls.frontend.perPort')) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const port = r.integer(r.field(m, 'port'), `${item.path}.port`);
    const validation = r.map(
      r.field(r.map(r.field(m, 'tls'), `${item.path}.tls`), 'validation'),
      `${item.path}.tls.validation`,
    );
    if (port && validation)
      result.frontendValidation.push(
        readValidation(r, validation, `${item.path}.tls.validation`, namespace, port.value),
      );
  }
  const backend = r.map(r.field(tls, 'backend'), 'spec.tls.backend');
  const clientCert = r.field(backend, 'clientCertificateRef');
  if (clientCert) {
    const ref = readObjectRef(r, clientCert, 'spec.tls.backend.clientCertificateRef', {
      group: CORE_GROUP,
      kind: 'Secret',
      namespace,
    });
    if (ref) result.backendClientCertificateRef = ref;
  }
  return result;
}

export function readListeners(r: Reader, spec: YMap, specPath: string, namespace: string): Listener[] {
  const listeners: Listener[] = [];
  for (const item of r.items(spec, 'listeners', `${specPath}.listeners`)) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const listener = readListener(r, m, item.path, namespace);
    if (listener) listeners.push(listener);
  }
  return listeners;
}

function readListener(r: Reader, m: YMap, path: string, namespace: string): Listener | undefined {
  const name = r.requiredString(m, 'name', `${path}.name`, m.span);
  const protocol = r.requiredString(m, 'protocol', `${path}.protocol`, m.span);
  const port = r.port(r.field(m, 'port'), `${path}.port`);
  if (!name || !protocol) return undefined;
  const listener: Listener = {
    name: name.value,
    nameSpan: name.span,
    protocol: protocol.value,
    protocolSpan: protocol.span,
    allowedRoutes: readAllowedRoutes(r, m, path),
    span: m.span,
    path: intern(path),
  };
  if (port) listener.port = port.value;
  const hostname = r.string(r.field(m, 'hostname'), `${path}.hostname`);
  if (hostname && hostname.value !== '') listener.hostname = hostname;
  const tls = r.map(r.field(m, 'tls'), `${path}.tls`);
  if (tls) listener.tls = readListenerTLS(r, tls, `${path}.tls`, namespace);
  return listener;
}

function readListenerTLS(r: Reader, tls: YMap, path: string, namespace: string): ListenerTLS {
  const mode = r.string(r.field(tls, 'mode'), `${path}.mode`);
  const certificateRefs: ObjectRef[] = [];
  for (const item of r.items(tls, 'certificateRefs', `${path}.certificateRefs`)) {
    const ref = readObjectRef(r, item.node, item.path, { group: CORE_GROUP, kind: 'Secret', namespace });
    if (ref) certificateRefs.push(ref);
  }
  const options = r.map(r.field(tls, 'options'), `${path}.options`);
  const result: ListenerTLS = {
    mode: mode && mode.value !== '' ? mode.value : 'Terminate',
    certificateRefs,
    hasOptions: Boolean(options && options.entries.length > 0),
    span: tls.span,
  };
  if (mode) result.modeSpan = mode.span;
  return result;
}

function readAllowedRoutes(r: Reader, listener: YMap, path: string): AllowedRoutes {
  const node = r.map(r.field(listener, 'allowedRoutes'), `${path}.allowedRoutes`);
  const result: AllowedRoutes = { from: 'Same', kinds: [] };
  if (!node) return result;
  result.span = node.span;
  const namespaces = r.map(r.field(node, 'namespaces'), `${path}.allowedRoutes.namespaces`);
  const from = r.string(r.field(namespaces, 'from'), `${path}.allowedRoutes.namespaces.from`);
  if (from) {
    result.from = from.value;
    result.fromSpan = from.span;
  }
  const selector = readLabelSelector(r, r.field(namespaces, 'selector'), `${path}.allowedRoutes.namespaces.selector`);
  if (selector) result.selector = selector;
  for (const item of r.items(node, 'kinds', `${path}.allowedRoutes.kinds`)) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const kind = r.requiredString(m, 'kind', `${item.path}.kind`, m.span);
    const group = r.string(r.field(m, 'group'), `${item.path}.group`);
    if (kind)
      result.kinds.push({
        group: group ? group.value : GATEWAY_GROUP,
        kind: kind.value,
        span: m.span,
      } satisfies RouteGroupKind);
  }
  return result;
}

function readValidation(
  r: Reader,
  validation: YMap,
  path: string,
  namespace: string,
  port: number | undefined,
): FrontendValidation {
  const caCertificateRefs: ObjectRef[] = [];
  for (const item of r.items(validation, 'caCertificateRefs', `${path}.caCertificateRefs`)) {
    const ref = readObjectRef(r, item.node, item.path, { namespace });
    if (ref) caCertificateRefs.push(ref);
  }
  const result: FrontendValidation = { caCertificateRefs, span: validation.span };
  if (port !== undefined) result.port = port;
  const mode = r.string(r.field(validation, 'mode'), `${path}.mode`);
  if (mode) result.mode = mode.value;
  return result;
}

export function readParametersRef(r: Reader, m: YMap, path: string, namespace: string): ParametersRef | undefined {
  const group = r.requiredString(m, 'group', `${path}.group`, m.span, true);
  const kind = r.requiredString(m, 'kind', `${path}.kind`, m.span);
  const name = r.requiredString(m, 'name', `${path}.name`, m.span);
  const ns = r.nonEmptyString(r.field(m, 'namespace'), `${path}.namespace`);
  if (!group || !kind || !name) return undefined;
  return {
    group: group.value,
    kind: kind.value,
    name: name.value,
    namespace: ns ? ns.value : namespace,
    span: m.span,
    path: intern(path),
  };
}
