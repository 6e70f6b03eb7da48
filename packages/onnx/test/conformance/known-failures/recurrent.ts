/** Known failures among backend test cases of the recurrent ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_RECURRENT: Readonly<Record<string, string>> = {};
