// The quick fix for a reference to a kustomize generator's object: kustomize appends a content
// hash to the generated name and rewrites only the references it knows (Pods, Ingresses, …), so a
// Gateway API reference can name the object only when its generator leaves the hash off.
// Turning it off on that one generator (not in `generatorOptions`, which would change every
// generator of the kustomization) gives the object exactly the name the reference already uses.

import type { Code } from '../../codes.js';
import type { QueryContext } from '../../query/context.js';
import type { Resource } from '../../model/resource.js';
import type { Fix } from './change.js';
import { ChangeBuilder } from './change.js';

export function generatorHashFix(ctx: QueryContext, generated: Resource, code: Code, subject: string): Fix | undefined {
  const change = new ChangeBuilder(ctx);
  const file = change.file(generated.fileId);
  const entry = file?.mapAt(generated.span.start);
  const edits = entry && file?.merge(entry, { options: { disableNameSuffixHash: true } });
  if (!edits) return undefined;
  change.add(generated.fileId, ...edits);
  const generator = generated.key.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  return change.build(`Turn off the name hash of ${generator} ${generated.key.name}`, code, subject, true);
}
