// The workspace's side of admission: which CRDs each file defines, and the catalog they make with
// the channel (from the workspace's Gateway API CRDs, else the option). The host records every
// file's CRDs here and re-summarises the files whose models were admitted against definitions
// that have since changed (`stale`).

import type { Channel } from './bundled.js';
import { SchemaCatalog, workspaceChannel } from './catalog.js';
import type { CrdDefinition } from './crd.js';

/** Whether a text may define a CRD: such files are summarised first, so the others see their kinds. */
export function mayDefineCrds(text: string): boolean {
  return text.includes('CustomResourceDefinition');
}

export class WorkspaceSchemas {
  private readonly byFile = new Map<string, readonly CrdDefinition[]>();
  private current: SchemaCatalog;

  constructor(private channelOption: Channel) {
    this.current = new SchemaCatalog(channelOption, []);
  }

  get catalog(): SchemaCatalog {
    return this.current;
  }

  /** Records the CRDs a file defines (none when deleted); true when the catalog changed. */
  setFile(fileId: string, crds: readonly CrdDefinition[] | undefined): boolean {
    const had = this.byFile.get(fileId);
    if (!crds || crds.length === 0) {
      if (!had) return false;
      this.byFile.delete(fileId);
    } else {
      if (had && JSON.stringify(had) === JSON.stringify(crds)) return false;
      this.byFile.set(fileId, crds);
    }
    return this.rebuild();
  }

  setChannel(channel: Channel): boolean {
    if (channel === this.channelOption) return false;
    this.channelOption = channel;
    return this.rebuild();
  }

  /** Whether a model's objects were admitted against other definitions than the catalog now holds. */
  stale(schemas: Record<string, string>): boolean {
    for (const [groupKind, fingerprint] of Object.entries(schemas)) {
      const slash = groupKind.indexOf('/');
      if (this.current.fingerprint(groupKind.slice(0, slash), groupKind.slice(slash + 1)) !== fingerprint) return true;
    }
    return false;
  }

  private rebuild(): boolean {
    const crds = [...this.byFile.keys()].sort().flatMap((f) => this.byFile.get(f)!);
    const next = new SchemaCatalog(workspaceChannel(crds) ?? this.channelOption, crds);
    const changed = next.identity !== this.current.identity;
    this.current = next;
    return changed;
  }
}
