/** Pattern ids a post uses, from the stored pattern-engine result: `hook:<type>` and `emotion:<type>`. */
export function patternIdsOf(patterns: unknown): string[] {
  if (!patterns || typeof patterns !== 'object') return [];
  const p = patterns as { hook_patterns?: { type: string }[]; emotion_patterns?: { type: string }[] };
  return [
    ...(p.hook_patterns ?? []).map((h) => `hook:${h.type}`),
    ...(p.emotion_patterns ?? []).map((e) => `emotion:${e.type}`),
  ];
}
