/** Vite's `?raw` imports (vitest browser mode): a file's text. */
declare module '*?raw' {
  const text: string;
  export default text;
}
