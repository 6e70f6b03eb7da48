/** Known failures among backend test cases of the math ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_MATH: Readonly<Record<string, string>> = {};
