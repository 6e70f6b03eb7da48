/** Known failures among backend test cases of the nn ops (see ../known-failures.ts). */
const ALIGN_CORNERS_DOWNSAMPLE = 'align_corners with a fractional scale: the expected data (ONNX 1.12 reference) divides by in·scale − 1; onnxruntime, which we follow, by the integer output size − 1';

export const KNOWN_FAILURES_NN: Readonly<Record<string, string>> = {
  test_resize_downsample_scales_cubic_align_corners: ALIGN_CORNERS_DOWNSAMPLE,
  test_resize_downsample_scales_linear_align_corners: ALIGN_CORNERS_DOWNSAMPLE,
};
