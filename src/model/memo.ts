/**
 * A cache of values derived from an object that does not change during a run (a catalogue, an option list) and a
 * key: the planner asks for the same derived lists thousands of times per sweep or uncertain plan.
 */
export class KeyedMemo<O extends object, K, V> {
  private readonly byObject = new WeakMap<O, Map<K, V>>();

  /**
   * The value for (object, key), computed the first time it is asked for. `compute` is given both, so a hot caller
   * can pass one module-level function instead of making a closure on every call.
   */
  get(object: O, key: K, compute: (object: O, key: K) => V): V {
    let byKey = this.byObject.get(object);
    if (!byKey) this.byObject.set(object, (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = compute(object, key)));
    return value;
  }
}
