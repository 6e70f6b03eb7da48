import { FormatError, PistilError } from '@pistil/nn';

/** A malformed .onnx file or tensor: names the field, node or tensor and what was wrong. */
export class OnnxFormatError extends FormatError {
  override readonly name: string = 'OnnxFormatError';
}

/** A well-formed model using something the importer does not implement (an op, opset, dtype, attribute value). */
export class OnnxUnsupportedError extends PistilError {
  override readonly name: string = 'OnnxUnsupportedError';
}

/** A module that cannot be written as ONNX (a kernel with no ONNX equivalent, a dynamic shape it cannot express). */
export class OnnxExportError extends PistilError {
  override readonly name: string = 'OnnxExportError';
}
