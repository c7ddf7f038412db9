// Home of the kustomize codes: what `kustomize build` would reject (KustomizeError — a path that
// names nothing, a folder without a kustomization, a cycle, a patch that does not apply), a file
// outside the kustomization's folder, which only builds without the load restriction read
// (KustomizeLoadRestricted, a warning: Flux builds so), features
// whose effect the analysis does not follow (KustomizeNotModelled), and remote bases
// (KustomizeRemote). Kustomizations' own problems arrive with their file's model; problems a build
// finds elsewhere (in another kustomization, or a patch file) are decided workspace-wide, so this
// home gathers them per file.

import { isCode } from '../../codes.js';
import type { DiagnosticHome, FileFinding } from './home.js';

export const kustomizeHome: DiagnosticHome = {
  codes: ['KustomizeError', 'KustomizeLoadRestricted', 'KustomizeNotModelled', 'KustomizeRemote'],
  fixtures: ['kustomize/broken-entries', 'kustomize/not-modelled'],

  message(f) {
    return f.is === 'manifest' ? f.message : '';
  },

  fileFindings(ctx, model) {
    const findings: FileFinding[] = [];
    for (const p of ctx.buildProblemsIn(model.fileId)) {
      const code = isCode(p.code) ? p.code : 'KustomizeError';
      const subject = `${model.fileId} ${p.span.start}`;
      findings.push({
        finding: { code, fileId: model.fileId, span: p.span, subject, is: 'manifest', message: p.message },
      });
    }
    return findings;
  },
};
