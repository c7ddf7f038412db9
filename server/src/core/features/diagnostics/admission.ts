// Home of the admission codes: what the API server would reject on `kubectl apply`, checked from
// the CRDs (admission/): a CEL rule the object breaks (RuleViolation, with the CRD's own message), a
// field the schema does not define (UnknownField, with a did-you-mean fix), and a field that only
// the experimental channel serves (ExperimentalOnly). Schema type errors and unserved versions keep
// the manifest codes InvalidField and UnknownApiVersion. The words come from the schema engine.

import { servicePortFix } from '../fixes/servicePort.js';
import type { DiagnosticHome } from './home.js';

export const admissionHome: DiagnosticHome = {
  codes: ['RuleViolation', 'UnknownField', 'ExperimentalOnly'],
  fixtures: [
    'admission/relative-path-prefix',
    'admission/misspelt-section-name',
    'admission/experimental-field-on-standard',
  ],

  message(f) {
    return f.is === 'manifest' ? f.message : '';
  },

  fixes(ctx, analysis, f) {
    if (f.code !== 'RuleViolation') return [];
    const fix = servicePortFix(ctx, analysis.resource, f);
    return fix ? [fix] : [];
  },
};
