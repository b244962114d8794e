const COMPARISONS = ['==', '!=', '>=', '<=', '>', '<'] as const;

/**
 * The expression with ` bool` after its last top-level comparison (`up == 0` → `up == bool 0`):
 * instead of filtering out the series that do not cross the threshold, Prometheus then answers
 * 0 or 1 for every series the left side has, so "does this alert's expression name series that
 * exist?" can be asked whether or not the alert fires. An expression without a top-level
 * comparison is returned unchanged.
 */
export function withBool(expr: string): string {
  let depth = 0;
  let quote: string | undefined;
  let last: { index: number; op: string } | undefined;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
    else if (depth === 0) {
      const op = COMPARISONS.find((o) => expr.startsWith(o, i));
      // `=~` and `!~` are label matchers, only inside braces
      if (op && !(op === '!=' && expr[i + 2] === '~')) {
        last = { index: i, op };
        i += op.length - 1;
      }
    }
  }
  if (!last) return expr;
  const at = last.index + last.op.length;
  return `${expr.slice(0, at)} bool${expr.slice(at)}`;
}

/** Metric names a PromQL expression selects (identifiers followed by `{`, `[` or a word boundary that are not functions or keywords). */
export function metricNames(expr: string): string[] {
  const keywords = new Set([
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'and',
    'or',
    'unless',
    'offset',
    'le',
    'inf',
    'nan',
    // aggregations may put `by (…)` between their name and their parenthesis
    'sum',
    'avg',
    'min',
    'max',
    'count',
    'stddev',
    'stdvar',
    'topk',
    'bottomk',
    'quantile',
    'count_values',
    'group',
  ]);
  const names = new Set<string>();
  const stripped = expr.replace(/\{[^}]*\}/g, '{}').replace(/"[^"]*"/g, '""');
  for (const m of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    if (m[2]) continue; // a function call
    const name = m[1]!;
    if (keywords.has(name.toLowerCase())) continue;
    if (m.index > 0 && /[\d.]/.test(stripped[m.index - 1]!)) continue; // the exponent of 1e-9, a duration unit
    const before = stripped.slice(0, m.index);
    if (/(by|without|on|ignoring)\s*\([^)]*$/.test(before)) continue; // a label list
    names.add(name);
  }
  return [...names];
}
