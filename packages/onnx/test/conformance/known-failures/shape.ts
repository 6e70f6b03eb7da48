/** Known failures among backend test cases of the shape ops (see ../known-failures.ts). */
export const KNOWN_FAILURES_SHAPE: Readonly<Record<string, string>> = {
  test_nonzero_example: 'NonZero of a graph input: its output shape depends on the data, so it is only folded for host constants',
};
