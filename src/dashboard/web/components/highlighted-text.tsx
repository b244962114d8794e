import type { Span } from '../lib/types.js';
import { segmentText } from '../lib/spans.js';

/** Text with trigger spans marked (<mark>, announced as highlighted by screen readers). */
export function HighlightedText({ text, spans }: { text: string; spans: readonly Span[] }) {
  return (
    <p class="post-content">
      {segmentText(text, spans).map((seg, i) => (seg.marked ? <mark key={i}>{seg.text}</mark> : seg.text))}
    </p>
  );
}
