// The documents the client has open, the overlay over disk: each buffer's text as the client last
// sent it, the URI spelling the client used (its diagnostics go back under that spelling), and the
// content hash of the file on disk beneath it, which decides whether the buffer counts.
//
// The rule for a buffer whose file is deleted outside the editor (VS Code keeps the tab open, marked
// deleted, and sends no didClose): a buffer holding exactly what was last on disk stops counting —
// the file is gone, and the tab is only a view of it; a buffer the user changed is the user's text
// and keeps counting, as any unsaved buffer does. Editing an unmodified buffer of a deleted file
// makes it count again, and so does the file coming back.

import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { contentHash } from '../io/cache.js';

interface OpenDocument {
  document: TextDocument;
  clientUri: string;
  /** Hash of the file's content on disk as last known; undefined when it is not on disk. */
  diskHash: string | undefined;
  /** Hash of the file's content when it was deleted from disk while this buffer was open. */
  deletedHash: string | undefined;
}

export class OpenDocuments {
  /** By file id (canonical URI). */
  private readonly docs = new Map<string, OpenDocument>();

  /** `diskHash`: the hash of the file on disk, if it is there (a repeated open keeps what was known). */
  open(fileId: string, clientUri: string, languageId: string, version: number, text: string, diskHash?: string): void {
    const known = this.docs.get(fileId);
    this.docs.set(fileId, {
      document: TextDocument.create(clientUri, languageId, version, text),
      clientUri,
      diskHash: diskHash ?? known?.diskHash,
      deletedHash: known?.deletedHash,
    });
  }

  /** Applies a client's changes; returns the new text, or undefined for a document that is not open. */
  change(fileId: string, version: number, changes: TextDocumentContentChangeEvent[]): string | undefined {
    const doc = this.docs.get(fileId);
    if (!doc) return undefined;
    doc.document = TextDocument.update(doc.document, changes, version);
    return doc.document.getText();
  }

  close(fileId: string): boolean {
    return this.docs.delete(fileId);
  }

  has(fileId: string): boolean {
    return this.docs.has(fileId);
  }

  /** The ids of the open documents. */
  ids(): IterableIterator<string> {
    return this.docs.keys();
  }

  text(fileId: string): string | undefined {
    return this.docs.get(fileId)?.document.getText();
  }

  /** The spelling of the URI the client opened the file under, if it is open. */
  clientUri(fileId: string): string | undefined {
    return this.docs.get(fileId)?.clientUri;
  }

  version(fileId: string): number | null {
    return this.docs.get(fileId)?.document.version ?? null;
  }

  /** Records what is on disk beneath an open buffer (undefined: deleted). */
  setDisk(fileId: string, hash: string | undefined): void {
    const doc = this.docs.get(fileId);
    if (!doc) return;
    if (hash === undefined && doc.diskHash !== undefined) doc.deletedHash = doc.diskHash;
    if (hash !== undefined) doc.deletedHash = undefined;
    doc.diskHash = hash;
  }

  /** Whether an open buffer is part of the workspace (see the rule above). */
  counts(fileId: string): boolean {
    const doc = this.docs.get(fileId);
    if (!doc) return false;
    return doc.deletedHash === undefined || contentHash(doc.document.getText()) !== doc.deletedHash;
  }
}
