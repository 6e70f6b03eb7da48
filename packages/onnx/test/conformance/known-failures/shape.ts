/** Known failures among backend test cases of the shape ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_SHAPE: Readonly<Record<string, string>> = {};
