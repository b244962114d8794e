import { describe, expect, it } from 'vitest';
import { activeFilterCount, readFilters } from './inbox-filters.js';

describe(readFilters.name, () => {
  it('defaults to open comments, first page', () => {
    expect(readFilters(new URLSearchParams(''))).toEqual({
      status: 'open',
      handled: false,
      limit: 25,
      offset: 0,
    });
  });

  it('reads every filter the API knows', () => {
    const sut = readFilters(
      new URLSearchParams(
        'intent=question&sentiment=negative&min_lead_score=0.7&q=%20price%20&post_id=p1&status=all&offset=50',
      ),
    );
    expect(sut).toEqual({
      status: 'all',
      intent: 'question',
      sentiment: 'negative',
      min_lead_score: 0.7,
      q: 'price',
      post_id: 'p1',
      limit: 25,
      offset: 50,
    });
  });

  it('drops values the API would reject', () => {
    const sut = readFilters(
      new URLSearchParams('intent=hate&sentiment=meh&min_lead_score=2&offset=-5&status=x'),
    );
    expect(sut).toEqual({ status: 'open', handled: false, limit: 25, offset: 0 });
  });

  it('maps handled status to handled=true', () => {
    expect(readFilters(new URLSearchParams('status=handled')).handled).toBe(true);
  });
});

describe(activeFilterCount.name, () => {
  it('counts the filters that narrow the list, status only when not open', () => {
    const count = (qs: string) => activeFilterCount(readFilters(new URLSearchParams(qs)));
    expect(count('')).toBe(0);
    expect(count('offset=25&status=open')).toBe(0);
    expect(count('intent=question&min_lead_score=0')).toBe(2);
    expect(count('intent=question&sentiment=negative&min_lead_score=0.7&q=x&post_id=p1&status=all')).toBe(6);
  });
});
