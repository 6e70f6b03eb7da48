/** Known failures among backend test cases of the nn ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_NN: Readonly<Record<string, string>> = {};
