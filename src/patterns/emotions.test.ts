import { describe, expect, it } from 'vitest';
import { emotionPatterns, type EmotionThresholds, type EmotionVector } from './emotions.js';

const zero: EmotionVector = {
  anger: 0,
  disgust: 0,
  fear: 0,
  joy: 0,
  sadness: 0,
  surprise: 0,
  excitement: 0,
  neutral: 0,
};
const half: EmotionThresholds = {
  anger: 0.5,
  disgust: 0.5,
  fear: 0.5,
  joy: 0.5,
  sadness: 0.5,
  surprise: 0.5,
  excitement: 0.5,
};

describe(emotionPatterns.name, () => {
  it('reports emotions at or above their threshold, strongest first, never neutral', () => {
    const sut = emotionPatterns({ ...zero, joy: 0.6, excitement: 0.8, fear: 0.4, neutral: 0.9 }, half);
    expect(sut.map((e) => e.type)).toEqual(['excitement', 'joy']);
  });

  it('lists excitement before joy, the GoEmotions group it belongs to, even when joy is stronger', () => {
    const sut = emotionPatterns({ ...zero, joy: 0.9, excitement: 0.6, anger: 0.7 }, half);
    expect(sut.map((e) => e.type)).toEqual(['excitement', 'joy', 'anger']);
  });

  it('uses each emotion’s own threshold: fear at 0.12 counts when its threshold is 0.09', () => {
    const sut = emotionPatterns({ ...zero, fear: 0.12, joy: 0.35 }, { ...half, fear: 0.09, joy: 0.4 });
    expect(sut.map((e) => e.type)).toEqual(['fear']);
  });

  it('sets confidence to 0.5 + 0.5·(v − t)/(1 − t): 0.8 over 0.5 → 0.8, exactly at 0.5 → 0.5', () => {
    const sut = emotionPatterns({ ...zero, excitement: 0.8, anger: 0.5 }, half);
    expect(sut).toEqual([
      { type: 'excitement', intensity: 0.8, confidence: 0.8 },
      { type: 'anger', intensity: 0.5, confidence: 0.5 },
    ]);
  });

  it('clamps out-of-range and non-finite values instead of reporting them', () => {
    const sut = emotionPatterns({ ...zero, sadness: 1.7, fear: Number.NaN, surprise: -1 }, half);
    expect(sut).toEqual([{ type: 'sadness', intensity: 1, confidence: 1 }]);
  });

  it('reports nothing for a neutral text', () => {
    expect(emotionPatterns({ ...zero, neutral: 1 }, half)).toEqual([]);
  });
});
