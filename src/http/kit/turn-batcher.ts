/**
 * Runs synchronous CPU work for every input submitted during one event-loop turn back to back,
 * in one `setImmediate` after the turn's I/O callbacks, instead of once per request in between
 * the HTTP parsing, validation and socket writes of the others.
 *
 * Why: work that touches a lot of code and lookup tables (the pattern extraction: tokenizer,
 * lexicons, models, cue index) runs cache-cold when each request interleaves it with the
 * server's own code. Measured on /extract-patterns under 10 connections: one extraction took
 * ~110 µs in the server against ~40 µs in a tight loop; batched, the first of a turn still
 * takes ~110 µs but the rest ~65 µs, and the route serves ~1.6× the requests per second
 * (docs/benchmarks.md). A request alone in its turn waits for nothing but the `setImmediate`.
 *
 * Each input settles on its own: one that throws rejects only its own promise.
 */
export class TurnBatcher<I, O> {
  #pending: { input: I; resolve: (output: O) => void; reject: (err: unknown) => void }[] = [];
  readonly #work: (input: I) => O;

  constructor(work: (input: I) => O) {
    this.#work = work;
  }

  /** `work(input)`, run with the rest of this turn's inputs. */
  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(this.#flush);
      this.#pending.push({ input, resolve, reject });
    });
  }

  readonly #flush = (): void => {
    const batch = this.#pending;
    this.#pending = [];
    for (const { input, resolve, reject } of batch) {
      try {
        resolve(this.#work(input));
      } catch (err) {
        reject(err);
      }
    }
  };
}
