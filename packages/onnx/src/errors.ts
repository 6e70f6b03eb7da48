import { FormatError, PistilError } from '@pistil/nn';

/** A malformed .onnx file or tensor: names the field, node or tensor and what was wrong. */
export class OnnxFormatError extends FormatError {}

/** A well-formed model using something the importer does not implement (an op, opset, dtype, attribute value). */
export class OnnxUnsupportedError extends PistilError {}

/** A module that cannot be written as ONNX (a kernel with no ONNX equivalent, a dynamic shape it cannot express). */
export class OnnxExportError extends PistilError {}
