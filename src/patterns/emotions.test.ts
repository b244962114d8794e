import { describe, expect, it } from 'vitest';
import { EMOTION_MIN_INTENSITY, emotionPatterns, type EmotionVector } from './emotions.js';

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

describe(emotionPatterns.name, () => {
  it('reports emotions at or above the threshold, strongest first, never neutral', () => {
    const sut = emotionPatterns({ ...zero, joy: 0.6, excitement: 0.8, fear: 0.1, neutral: 0.9 });
    expect(sut.map((e) => e.type)).toEqual(['excitement', 'joy']);
    expect(EMOTION_MIN_INTENSITY).toBe(0.25);
  });

  it('sets confidence to v / (v + strongest rival): excitement 0.8 vs neutral 0.2 → 0.8', () => {
    const sut = emotionPatterns({ ...zero, excitement: 0.8, joy: 0.1, neutral: 0.2 });
    expect(sut).toEqual([{ type: 'excitement', intensity: 0.8, confidence: 0.8 }]);
  });

  it('halves confidence when a rival emotion is as strong', () => {
    const sut = emotionPatterns({ ...zero, anger: 0.5, disgust: 0.5 });
    expect(sut).toEqual([
      { type: 'anger', intensity: 0.5, confidence: 0.5 },
      { type: 'disgust', intensity: 0.5, confidence: 0.5 },
    ]);
  });

  it('clamps out-of-range and non-finite values instead of reporting them', () => {
    const sut = emotionPatterns({ ...zero, sadness: 1.7, fear: Number.NaN, surprise: -1 });
    expect(sut).toEqual([{ type: 'sadness', intensity: 1, confidence: 1 }]);
  });

  it('reports nothing for a neutral text', () => {
    expect(emotionPatterns({ ...zero, neutral: 1 })).toEqual([]);
  });
});
