// The admission module's entry point: what `kubectl apply` would reject about one object, as the
// API server decides it from the CRDs — the apiVersion (served by the channel's CRD?), then the
// object against that version's schema (validate.ts). Pure and total: any tree, any schema.

import type { Span, YMap } from '../syntax/tree.js';
import type { SchemaCatalog } from './catalog.js';
import type { AdmissionProblem } from './validate.js';
import { closest, validateObject } from './validate.js';

export interface Admission {
  problems: AdmissionProblem[];
  /** The object was checked against a schema (so typed reading need not report the same fields again). */
  checked: boolean;
}

export interface ObjectHead {
  group: string;
  version: string;
  kind: string;
  apiVersionSpan: Span;
  kindSpan: Span;
}

/**
 * Documents that carry a Gateway API apiVersion but are never applied: the conformance suite's
 * report (a Go type in conformance/apis/v1, not a CRD), which implementations keep in git.
 */
const NOT_OBJECTS = new Set(['gateway.networking.k8s.io/ConformanceReport']);

/** The Gateway API's own groups, whose CRDs come from a release channel. */
const GATEWAY_API_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io']);

export function admit(root: YMap, head: ObjectHead, catalog: SchemaCatalog): Admission {
  const { group, version, kind } = head;
  if (NOT_OBJECTS.has(`${group}/${kind}`)) return { problems: [], checked: false };
  const r = catalog.resolve(group, kind, version);
  switch (r.status) {
    case 'none':
      return { problems: [], checked: false };
    case 'schema':
      return { problems: validateObject(root, r.schema), checked: true };
    case 'experimentalKind':
      return {
        problems: [
          {
            code: 'ExperimentalOnly',
            message: `${kind} is only in the experimental channel's CRDs; this workspace uses the standard channel. Install the experimental CRDs (and set gatewayRefs.channel) to use it.`,
            span: head.kindSpan,
            path: 'kind',
          },
        ],
        checked: false,
      };
    case 'unknownKind': {
      const suggestion = closest(kind, r.kinds);
      return {
        problems: [
          {
            code: 'UnknownApiVersion',
            message: `${group} has no kind ${kind}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
            span: head.kindSpan,
            path: 'kind',
            ...(suggestion ? { suggestion: { span: head.kindSpan, name: suggestion } } : {}),
          },
        ],
        checked: false,
      };
    }
    case 'unserved': {
      const served = r.served ? `${group}/${r.served}` : undefined;
      const why = r.experimental
        ? `only the experimental channel serves ${group}/${version}`
        : GATEWAY_API_GROUPS.has(group)
          ? `the ${catalog.channel} channel's CRD does not serve ${group}/${version}`
          : `its CRD in the workspace does not serve ${group}/${version}`;
      // What the object must also pass: on the experimental channel that serves its version, or
      // once it names the served version.
      const problems = r.schema ? validateObject(root, r.schema) : [];
      // The served version is offered as a fix only where it brings no new problem (a v1alpha2
      // TLSRoute without hostnames, which v1 requires, needs more than a new apiVersion).
      const reported = new Set(problems.map((p) => `${p.code} ${p.path}`));
      const fixable =
        served !== undefined &&
        (!r.servedSchema || validateObject(root, r.servedSchema).every((p) => reported.has(`${p.code} ${p.path}`)));
      return {
        problems: [
          {
            code: 'UnknownApiVersion',
            message: `${kind} cannot be applied as ${group}/${version}: ${why}.${served ? ` Use ${served}.` : ''}`,
            span: head.apiVersionSpan,
            path: 'apiVersion',
            ...(fixable ? { suggestion: { span: head.apiVersionSpan, name: served } } : {}),
          },
          ...problems,
        ],
        checked: r.schema !== undefined,
      };
    }
  }
}
