// The workspace's side of admission: which CRDs each file defines, and the catalog they make with
// the channel. The channel is the workspace's Gateway API CRDs' when there are any, else the
// option's, else inferred: experimental when some object is of a kind or version only that
// channel serves (many repositories install the CRDs from outside git, and such an object proves
// which ones), else standard. The host records every file's CRDs and evidence here and
// re-summarises the files whose models were admitted against definitions that have since changed
// (`stale`).

import type { Channel } from './bundled.js';
import { SchemaCatalog, workspaceChannel } from './catalog.js';
import type { CrdDefinition } from './crd.js';

/** Whether a text may define a CRD: such files are summarised first, so the others see their kinds. */
export function mayDefineCrds(text: string): boolean {
  return text.includes('CustomResourceDefinition');
}

/** Where the channel comes from: the workspace's CRDs, the option, the objects, or the default. */
export type ChannelSource = 'crds' | 'option' | 'objects' | 'default';

export class WorkspaceSchemas {
  private readonly byFile = new Map<string, readonly CrdDefinition[]>();
  /** Files holding an object only the experimental channel serves. */
  private readonly evidence = new Set<string>();
  /** The channel the workspace's Gateway API CRDs declare, if any. */
  private crdChannel: Channel | undefined;
  private current: SchemaCatalog;

  /** `channelOption`: the channel set by a flag or setting; undefined: inferred. */
  constructor(private channelOption: Channel | undefined) {
    this.current = new SchemaCatalog(this.channel, []);
  }

  get catalog(): SchemaCatalog {
    return this.current;
  }

  /** Where the catalog's channel comes from. */
  get channelSource(): ChannelSource {
    if (this.crdChannel) return 'crds';
    if (this.channelOption) return 'option';
    return this.evidence.size > 0 ? 'objects' : 'default';
  }

  /**
   * Records the CRDs a file defines and whether it holds an object only the experimental channel
   * serves (neither when deleted); true when the catalog changed. Evidence is kept per file, so a
   * change costs one set update, never a look at the other files.
   */
  setFile(fileId: string, crds: readonly CrdDefinition[] | undefined, experimental: boolean): boolean {
    const inferredBefore = this.evidence.size > 0;
    if (experimental) this.evidence.add(fileId);
    else this.evidence.delete(fileId);
    const inferredChanged = inferredBefore !== this.evidence.size > 0;
    const had = this.byFile.get(fileId);
    if (!crds || crds.length === 0) {
      if (!had) return inferredChanged && this.rebuild();
      this.byFile.delete(fileId);
    } else {
      if (had && JSON.stringify(had) === JSON.stringify(crds)) return inferredChanged && this.rebuild();
      this.byFile.set(fileId, crds);
    }
    return this.rebuild();
  }

  setChannel(channel: Channel | undefined): boolean {
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

  /** The workspace's CRDs decide, then the option, then the objects (experimental is the superset). */
  private get channel(): Channel {
    return this.crdChannel ?? this.channelOption ?? (this.evidence.size > 0 ? 'experimental' : 'standard');
  }

  private rebuild(): boolean {
    const crds = [...this.byFile.keys()].sort().flatMap((f) => this.byFile.get(f)!);
    this.crdChannel = workspaceChannel(crds);
    const next = new SchemaCatalog(this.channel, crds);
    const changed = next.identity !== this.current.identity;
    this.current = next;
    return changed;
  }
}
