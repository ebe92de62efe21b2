/** A resettable "wake me early" signal for a polling loop. */
export class Wakeup {
  private resolve?: () => void;
  private woken = false;

  wake(): void {
    this.woken = true;
    this.resolve?.();
  }

  /** Resolves after `ms`, or at once / as soon as `wake()` is called. */
  async wait(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.resolve = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.resolve = undefined;
    this.woken = false;
  }
}
