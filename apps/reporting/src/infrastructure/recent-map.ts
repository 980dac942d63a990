/** A map that forgets its least recently written entries beyond `limit`. */
export class Recent<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) {
      for (const k of this.keys()) {
        super.delete(k);
        if (this.size <= this.limit) break;
      }
    }
    return this;
  }
}
