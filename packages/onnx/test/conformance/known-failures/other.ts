/** Known failures among backend test cases of the other ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_OTHER: Readonly<Record<string, string>> = {};
