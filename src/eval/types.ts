/**
 * One evaluation dataset: how to read a line of its JSONL file, how to score a set of rows,
 * and the published reference figures to print beside ours.
 */
export interface DatasetEvaluator<Row = unknown> {
  /** CLI name, e.g. `clickbait` */
  name: string;
  /** path relative to the datasets root, e.g. `clickbait/dev.jsonl` */
  defaultFile: string;
  /** Validate one parsed JSON line; throw an Error naming the field when it does not fit. */
  parseRow(value: unknown, lineNumber: number): Row;
  /** Compute the figures (accuracy, roc_auc, macro_f1, pearson_r, …) over all rows. */
  evaluate(rows: Row[], progress?: Progress): Record<string, number>;
  /**
   * The same figures plus what does not fit in a number (learned effects, a model version) for
   * `--json`, and a few lines of text printed under the table. Used instead of `evaluate` when present.
   */
  evaluateDetailed?(rows: Row[], progress?: Progress): DetailedEvaluation;
  /** Published reference figures with their source, printed next to ours. */
  references: { metric: string; value: number; source: string }[];
}

export interface DetailedEvaluation {
  metrics: Record<string, number>;
  details: unknown;
  summary: string;
}

/** Progress of a long evaluation step (the CLI draws it as a bar; tests pass nothing). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}
