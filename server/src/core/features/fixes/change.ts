// A quick fix under construction: edits grouped per file (each file parsed once) and files to
// create. What a code action returns.

import { stripBom } from '../../text/bom.js';
import type { Code } from '../../codes.js';
import type { QueryContext } from '../../query/context.js';
import { EditableFile } from '../edits.js';
import type { FileCreation, FileEdits, TextEdit } from '../edits.js';

export interface Fix {
  title: string;
  /** The diagnostic this fix removes. */
  code: Code;
  subject: string;
  /** The fix a user most likely wants (VS Code applies it with "auto fix"). */
  preferred: boolean;
  edits: FileEdits[];
  creates: FileCreation[];
}

export interface FixOptions {
  /** The client can create files (LSP `workspace.workspaceEdit.resourceOperations` has `create`). */
  canCreateFiles: boolean;
}

export class ChangeBuilder {
  private readonly files = new Map<string, EditableFile>();
  private readonly edits = new Map<string, TextEdit[]>();
  private readonly creates: FileCreation[] = [];

  constructor(private readonly ctx: QueryContext) {}

  file(fileId: string): EditableFile | undefined {
    let f = this.files.get(fileId);
    if (!f) {
      const text = this.ctx.text(fileId);
      if (text === undefined) return undefined;
      f = new EditableFile(fileId, stripBom(text));
      this.files.set(fileId, f);
    }
    return f;
  }

  add(fileId: string, ...edits: TextEdit[]): this {
    const list = this.edits.get(fileId) ?? [];
    // Two edits under one anchored node copy its aliases alike: each copy is written once.
    const same = (a: TextEdit, b: TextEdit) =>
      a.newText === b.newText &&
      a.range.start.line === b.range.start.line &&
      a.range.start.character === b.range.start.character &&
      a.range.end.line === b.range.end.line &&
      a.range.end.character === b.range.end.character;
    for (const e of edits) if (!list.some((x) => same(x, e))) list.push(e);
    this.edits.set(fileId, list);
    return this;
  }

  create(fileId: string, text: string): this {
    this.creates.push({ fileId, text });
    return this;
  }

  /** The line break of an existing file, as its edits use it, for a file created beside it. */
  lineBreakOf(fileId: string): string {
    return this.file(fileId)?.eol ?? '\n';
  }

  build(title: string, code: Code, subject: string, preferred = false): Fix {
    return {
      title,
      code,
      subject,
      preferred,
      edits: [...this.edits].map(([fileId, edits]) => ({ fileId, edits })),
      creates: [...this.creates],
    };
  }
}

/** A sibling file id: the folder of `fileId` plus `name`. */
export function siblingFileId(fileId: string, name: string): string {
  const slash = fileId.lastIndexOf('/');
  return slash < 0 ? name : `${fileId.slice(0, slash + 1)}${name}`;
}
