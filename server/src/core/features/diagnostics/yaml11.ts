// Home of Yaml11Scalar: an unquoted value Kubernetes' YAML 1.1 decoder reads as a boolean or a
// number where a string is required (syntax/yaml11.ts). The model and admission word it as they
// read; the fix quotes the value as written.

import { ChangeBuilder } from '../fixes/change.js';
import type { DiagnosticHome } from './home.js';

export const yaml11Home: DiagnosticHome = {
  codes: ['Yaml11Scalar'],
  fixtures: ['bad-input/yaml11-scalars'],

  message(f) {
    return f.is === 'manifest' ? f.message : '';
  },

  fixes(ctx, _analysis, f) {
    const text = ctx.text(f.fileId)?.slice(f.span.start, f.span.end);
    if (!text) return [];
    const change = new ChangeBuilder(ctx);
    // A string is written quoted wherever a YAML 1.1 reader would take it for something else.
    const edits = change.file(f.fileId)?.replaceAt(f.span, text);
    if (!edits) return [];
    change.add(f.fileId, ...edits);
    return [change.build(`Quote "${text}"`, f.code, f.subject, true)];
  },
};
