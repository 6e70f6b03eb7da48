/**
 * Shader programs: compiled once per source text and cached, then drawn as one full-screen
 * triangle into the output texture, so that the fragment shader runs once per output texel.
 */
import { BackendError } from '@pistil/backend';

// A triangle covering the viewport, from gl_VertexID alone: no vertex buffers to manage.
const VERTEX_SHADER = `#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

export interface CompiledProgram {
  readonly program: WebGLProgram;
  readonly uniforms: Map<string, WebGLUniformLocation | null>;
}

function numbered(source: string): string {
  return source.split('\n').map((line, i) => `${String(i + 1).padStart(4)}  ${line}`).join('\n');
}

export class ProgramCache {
  private readonly programs = new Map<string, CompiledProgram>();
  private vertex: WebGLShader | undefined;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  get size(): number {
    return this.programs.size;
  }

  /** The program for `fragmentSource`, compiled on first use; `kernel` names it in errors. */
  get(kernel: string, fragmentSource: string): CompiledProgram {
    const cached = this.programs.get(fragmentSource);
    if (cached) return cached;
    const gl = this.gl;
    this.vertex ??= this.compile(kernel, gl.VERTEX_SHADER, VERTEX_SHADER);
    const fragment = this.compile(kernel, gl.FRAGMENT_SHADER, fragmentSource);
    const program = gl.createProgram();
    if (!program) throw new BackendError(`webgl: ${kernel}: could not create a program (context lost?)`);
    gl.attachShader(program, this.vertex);
    gl.attachShader(program, fragment);
    gl.linkProgram(program);
    gl.deleteShader(fragment);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      const log = gl.getProgramInfoLog(program);
      gl.deleteProgram(program);
      throw new BackendError(`webgl: ${kernel}: shader program failed to link: ${log}\n${numbered(fragmentSource)}`);
    }
    const compiled = { program, uniforms: new Map<string, WebGLUniformLocation | null>() };
    this.programs.set(fragmentSource, compiled);
    return compiled;
  }

  uniform(p: CompiledProgram, name: string): WebGLUniformLocation | null {
    let loc = p.uniforms.get(name);
    if (loc === undefined) {
      loc = this.gl.getUniformLocation(p.program, name);
      p.uniforms.set(name, loc);
    }
    return loc;
  }

  /** Deletes every program (destroy); `abandon` forgets them when the context is already gone. */
  clear(): void {
    for (const p of this.programs.values()) this.gl.deleteProgram(p.program);
    if (this.vertex) this.gl.deleteShader(this.vertex);
    this.abandon();
  }

  abandon(): void {
    this.programs.clear();
    this.vertex = undefined;
  }

  private compile(kernel: string, type: number, source: string): WebGLShader {
    const gl = this.gl;
    const shader = gl.createShader(type);
    if (!shader) throw new BackendError(`webgl: ${kernel}: could not create a shader (context lost?)`);
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
      const log = gl.getShaderInfoLog(shader);
      gl.deleteShader(shader);
      throw new BackendError(`webgl: ${kernel}: shader failed to compile: ${log}\n${numbered(source)}`);
    }
    return shader;
  }
}
