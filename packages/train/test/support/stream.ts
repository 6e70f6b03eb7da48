/** A fake output stream that records what is written. */
export class FakeStream {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns?: number) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}
