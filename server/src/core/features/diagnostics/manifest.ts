// Home of the manifest codes: problems found while reading a file or object, before any
// cross-file rule — invalid YAML (and YAML only Kubernetes reads), Helm templates and skipped
// files, fields of the wrong type or breaking an API rule, unknown API versions. The model words
// these as it reads (model/reader.ts, syntax/).

import type { DiagnosticHome } from './home.js';

export const manifestHome: DiagnosticHome = {
  codes: [
    'InvalidField',
    'UnknownApiVersion',
    'YAMLSyntax',
    'LenientYAML',
    'HelmTemplate',
    'TestAssertion',
    'NotInKustomization',
    'FileSkipped',
  ],
  fixtures: [
    'bad-input/wrong-field-types',
    'bad-input/unknown-api-version',
    'bad-input/unterminated-quote',
    'bad-input/duplicate-keys',
    'bad-input/helm-template-actions',
    'bad-input/test-assertions',
    'kustomize/unlisted-files',
    'bad-input/binary-file',
  ],

  message(f) {
    return f.is === 'manifest' ? f.message : '';
  },
};
