/**
 * Backend test cases of supported ops that do not pass yet, each with the reason, one file per op
 * family. The conformance test asserts they still fail, so a fix forces the list to shrink.
 */
import { KNOWN_FAILURES_MATH } from './known-failures/math.js';
import { KNOWN_FAILURES_NN } from './known-failures/nn.js';
import { KNOWN_FAILURES_OTHER } from './known-failures/other.js';
import { KNOWN_FAILURES_SHAPE } from './known-failures/shape.js';
import { KNOWN_FAILURES_LOSS } from './known-failures/loss.js';
import { KNOWN_FAILURES_RECURRENT } from './known-failures/recurrent.js';

export const KNOWN_FAILURES: Readonly<Record<string, string>> = { ...KNOWN_FAILURES_MATH, ...KNOWN_FAILURES_NN, ...KNOWN_FAILURES_SHAPE, ...KNOWN_FAILURES_OTHER, ...KNOWN_FAILURES_LOSS, ...KNOWN_FAILURES_RECURRENT };
