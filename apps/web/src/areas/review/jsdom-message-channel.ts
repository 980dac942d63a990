/**
 * jsdom has no MessageChannel; Ant Design's Modal (rc-motion, React's scheduler) posts through one.
 * A timer-based stand-in for component tests (imported by the specs of this area only).
 */
class PortStub {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  other: PortStub | null = null;
  postMessage(data: unknown): void {
    const target = this.other;
    setTimeout(() => target?.onmessage?.({ data }), 0);
  }
  close(): void {}
  start(): void {}
  addEventListener(): void {}
  removeEventListener(): void {}
}

class MessageChannelStub {
  readonly port1 = new PortStub();
  readonly port2 = new PortStub();
  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
  }
}

(globalThis as { MessageChannel?: unknown }).MessageChannel ??= MessageChannelStub;
