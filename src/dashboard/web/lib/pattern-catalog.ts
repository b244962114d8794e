import type { PatternCatalog } from './types.js';

/** What each pattern type means, by `family:type`, from the catalogue. */
export function describePatterns(catalog: PatternCatalog | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!catalog) return out;
  for (const [family, list] of [
    ['hook', catalog.hook_patterns],
    ['emotion', catalog.emotion_patterns],
    ['structure', catalog.structure_patterns],
  ] as const) {
    for (const t of list) out.set(`${family}:${t.type}`, t.description);
  }
  return out;
}
