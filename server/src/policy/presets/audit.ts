import type { PresetDefinition } from './types';

export const audit: PresetDefinition = {
  name: 'audit',
  summary: 'Every rule on, nothing allowed, every finding information: for reading code of unknown intent.',
  rationale: [
    'For a reviewer reading code whose purpose is not known yet — a plugin submitted for review, a sample',
    'from an incident — rather than for gating a build. Nothing is allowed: no module, no builtin, no',
    'dunder attribute, no member, so every import, every builtin (`len` and `print` included) and every',
    'construct any rule knows is shown. Every rule is on, including the RestrictedPython rules (PC701–PC703),',
    'which mark private names, async code and syntax a sandbox may not know.',
    '',
    'Every finding has severity information, so the result reads as an inventory of what the code reaches',
    'for, not as a verdict (editors show it as information, not as errors to fix).',
    'Suppression comments are written by the author of the code under review, so they are reported and',
    'not honoured.',
  ].join('\n'),
  modules: {},
  builtins: {},
  attributes: {},
  severity: 'info',
  inlineSuppressions: 'report',
};
