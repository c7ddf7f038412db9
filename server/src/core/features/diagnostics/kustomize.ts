// Home of the kustomize codes: what `kustomize build` would reject (KustomizeError — a path that
// names nothing, a folder without a kustomization, a cycle, a patch that does not apply), features
// whose effect the analysis does not follow (KustomizeNotModelled), and remote bases
// (KustomizeRemote). Kustomizations' own problems arrive with their file's model; problems a build
// finds elsewhere (in another kustomization, or a patch file) are decided workspace-wide, so this
// home gathers them per file.

import type { Finding } from '../../resolve/findings.js';
import { isCode } from '../../codes.js';
import type { DiagnosticHome } from './home.js';

export const kustomizeHome: DiagnosticHome = {
  codes: ['KustomizeError', 'KustomizeNotModelled', 'KustomizeRemote'],
  fixtures: ['kustomize/broken-entries', 'kustomize/not-modelled'],

  message(f) {
    return f.is === 'manifest' ? f.message : '';
  },

  fileFindings(ctx, model) {
    const findings: Finding[] = [];
    for (const p of ctx.buildProblemsIn(model.fileId)) {
      const code = isCode(p.code) ? p.code : 'KustomizeError';
      findings.push({
        code,
        fileId: model.fileId,
        span: p.span,
        subject: `${model.fileId} ${p.span.start}`,
        is: 'manifest',
        message: p.message,
      });
    }
    return findings;
  },
};
