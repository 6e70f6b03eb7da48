/**
 * Tolerances of the WebGL backend in the conformance suite. GLSL's exp, log, sin, pow… are
 * computed by the GPU (SwiftShader here) to ~2e-4 relative, not to float32's half ulp, so the
 * transcendental class is widened; arithmetic and accumulation keep the suite's defaults.
 */
export const WEBGL_TOLERANCE = { transcendental: 3e-4 };
