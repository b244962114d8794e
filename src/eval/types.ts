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
  evaluate(rows: Row[]): Record<string, number>;
  /** Published reference figures with their source, printed next to ours. */
  references: { metric: string; value: number; source: string }[];
}
