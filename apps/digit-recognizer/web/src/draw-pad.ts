/**
 * The drawing pad: thick, round, white strokes on black, drawn with Pointer Events (mouse, pen
 * or touch alike). `onChange(final)` fires while drawing (throttled, `final` false) and once at
 * the end of every stroke (`final` true).
 */
import type { GreyImage } from '../../src/mnist-like.js';

export interface DrawPadOptions {
  /** Stroke width in canvas pixels (MNIST strokes are ~2–3 px of 28, i.e. ~1/10 of the field). */
  lineWidth?: number;
  /** Least time between two live (mid-stroke) notifications, ms. */
  throttleMs?: number;
  onChange: (final: boolean) => void;
}

export class DrawPad {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #options: Required<DrawPadOptions>;
  #pointer: number | null = null;
  #last: { x: number; y: number } | null = null;
  #lastNotice = 0;
  #pending: number | null = null;
  #strokes = 0;

  constructor(canvas: HTMLCanvasElement, options: DrawPadOptions) {
    this.#canvas = canvas;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('the drawing pad needs a 2D canvas');
    this.#ctx = ctx;
    this.#options = { lineWidth: Math.round(canvas.width / 12), throttleMs: 150, ...options };
    canvas.addEventListener('pointerdown', (e) => this.#down(e));
    canvas.addEventListener('pointermove', (e) => this.#move(e));
    canvas.addEventListener('pointerup', (e) => this.#up(e));
    canvas.addEventListener('pointercancel', (e) => this.#up(e));
    this.clear();
  }

  /** Whether a stroke is under way (a pointer is down). */
  get drawing(): boolean {
    return this.#pointer !== null;
  }

  /** Strokes finished since the last clear. */
  get strokes(): number {
    return this.#strokes;
  }

  clear(): void {
    this.#ctx.fillStyle = '#000';
    this.#ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    this.#strokes = 0;
    this.#last = null;
  }

  /** The drawing as one grey channel in [0, 1] (ink is white). */
  grey(): GreyImage {
    const { width, height } = this.#canvas;
    const rgba = this.#ctx.getImageData(0, 0, width, height).data;
    const data = new Float32Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i]! / 255;
    return { data, width, height };
  }

  #point(e: PointerEvent): { x: number; y: number } {
    const r = this.#canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * this.#canvas.width) / r.width, y: ((e.clientY - r.top) * this.#canvas.height) / r.height };
  }

  #down(e: PointerEvent): void {
    if (this.#pointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.#pointer = e.pointerId;
    this.#canvas.setPointerCapture(e.pointerId);
    const p = this.#point(e);
    this.#last = p;
    this.#segment(p, p);
  }

  #move(e: PointerEvent): void {
    if (e.pointerId !== this.#pointer || !this.#last) return;
    e.preventDefault();
    // Coalesced events keep fast strokes smooth where the browser merges moves.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const c of events.length > 0 ? events : [e]) {
      const p = this.#point(c);
      this.#segment(this.#last, p);
      this.#last = p;
    }
    this.#live();
  }

  #up(e: PointerEvent): void {
    if (e.pointerId !== this.#pointer) return;
    this.#pointer = null;
    this.#last = null;
    this.#strokes++;
    if (this.#pending !== null) clearTimeout(this.#pending);
    this.#pending = null;
    this.#options.onChange(true);
  }

  #segment(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const ctx = this.#ctx;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = this.#options.lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
  }

  /** A live notification at most every `throttleMs`, and one more after the last move. */
  #live(): void {
    if (this.#pending !== null) return;
    const wait = Math.max(0, this.#lastNotice + this.#options.throttleMs - performance.now());
    this.#pending = window.setTimeout(() => {
      this.#pending = null;
      if (this.#pointer === null) return; // the stroke ended: #up already notified
      this.#lastNotice = performance.now();
      this.#options.onChange(false);
    }, wait);
  }
}
