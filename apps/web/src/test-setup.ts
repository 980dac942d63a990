import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks what react-router and Ant Design ask the browser for: text codecs, media queries, element sizes.
Object.assign(globalThis, { TextEncoder, TextDecoder });
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
window.getComputedStyle = ((orig) => (elt: Element, pseudo?: string | null) => orig(elt, pseudo ?? undefined))(window.getComputedStyle.bind(window));
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= ResizeObserverStub;
