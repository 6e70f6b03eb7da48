/** Known failures among backend test cases of the loss ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_LOSS: Readonly<Record<string, string>> = {};
