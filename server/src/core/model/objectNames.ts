// The API server's rules for object names and namespaces (ObjectMeta validation), which apply
// before any schema: custom resources, Secrets and ConfigMaps are named by a DNS-1123 subdomain, a
// Service by a DNS-1035 label, a Namespace (and every metadata.namespace) by a DNS-1123 label.
// Other built-in kinds have rules of their own (RBAC names may hold ':'), so they are not judged.

import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../dnsNames.js';
import { isPlaceholder } from '../syntax/placeholders.js';

type NameRule = 'subdomain' | 'label' | 'dns1035';

const NAME_FORMATS: Record<NameRule, { test: (s: string) => boolean; says: string }> = {
  subdomain: {
    test: isDns1123Subdomain,
    says: "a lowercase RFC 1123 subdomain: at most 253 characters of a-z, 0-9, '-' and '.', starting and ending with a letter or digit",
  },
  label: {
    test: isDns1123Label,
    says: "a lowercase RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit",
  },
  dns1035: {
    test: isDns1035Label,
    says: "a lowercase RFC 1035 label: at most 63 characters of a-z, 0-9 and '-', starting with a letter and ending with a letter or digit",
  },
};

const BUILT_IN_RULES: Record<string, NameRule> = {
  '/Namespace': 'label',
  '/Service': 'dns1035',
  '/Secret': 'subdomain',
  '/ConfigMap': 'subdomain',
};

/** The rule for `metadata.name` of a kind, or undefined for kinds not judged here. */
function nameRule(group: string, kind: string, customResource: boolean): NameRule | undefined {
  return customResource ? 'subdomain' : BUILT_IN_RULES[`${group}/${kind}`];
}

/** Why the API server would reject this name, or undefined (a template placeholder is not judged). */
export function nameProblem(name: string, group: string, kind: string, customResource: boolean): string | undefined {
  const rule = nameRule(group, kind, customResource);
  if (rule === undefined || isPlaceholder(name) || NAME_FORMATS[rule].test(name)) return undefined;
  return `\`metadata.name\` must be ${NAME_FORMATS[rule].says}; the API server rejects ${shown(name)}.`;
}

/** Why the API server would reject this namespace, or undefined. */
export function namespaceProblem(namespace: string): string | undefined {
  if (isPlaceholder(namespace) || NAME_FORMATS.label.test(namespace)) return undefined;
  return `\`metadata.namespace\` must be ${NAME_FORMATS.label.says}; the API server rejects ${shown(namespace)}.`;
}

function shown(value: string): string {
  return value.length <= 63 ? `"${value}"` : `this one (${value.length} characters)`;
}
