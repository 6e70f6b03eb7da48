/** Known failures among backend test cases of the nn ops (see ../known-failures.ts). */
const CONV_3D = '3-D convolution is not implemented (Conv and ConvTranspose run on the 2-D kernels)';
const ALIGN_CORNERS_DOWNSAMPLE = 'align_corners with a fractional scale: the expected data (ONNX 1.12 reference) divides by in·scale − 1; onnxruntime, which we follow, by the integer output size − 1';

export const KNOWN_FAILURES_NN: Readonly<Record<string, string>> = {
  test_convtranspose_3d: CONV_3D,
  test_Conv3d: CONV_3D,
  test_Conv3d_dilated: CONV_3D,
  test_Conv3d_dilated_strided: CONV_3D,
  test_Conv3d_groups: CONV_3D,
  test_Conv3d_no_bias: CONV_3D,
  test_Conv3d_stride: CONV_3D,
  test_Conv3d_stride_padding: CONV_3D,
  test_resize_downsample_scales_cubic_align_corners: ALIGN_CORNERS_DOWNSAMPLE,
  test_resize_downsample_scales_linear_align_corners: ALIGN_CORNERS_DOWNSAMPLE,
};
