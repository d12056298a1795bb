import { sentimentLabelOf } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { localSentiment } from './local-sentiment.js';
import { scoreOf, sentimentRequest } from './prompt.js';

describe('the local classifier', () => {
  it('reads thanks and praise as positive, complaints as negative, plain questions as neutral', () => {
    expect(sentimentLabelOf(localSentiment(['Thanks, that was great help!', 'I love it.']))).toBe('positive');
    expect(sentimentLabelOf(localSentiment(['This is terrible.', 'Awful service, I am angry.']))).toBe('negative');
    expect(localSentiment(['Where is the station?', 'At what time does it open?'])).toBe(0);
    expect(sentimentLabelOf(localSentiment(['This is not good.']))).toBe('negative');
  });

  it('is not pulled to either end by length: the mean rating of the rated words', () => {
    const once = localSentiment(['good']);
    expect(localSentiment(Array.from({ length: 40 }, () => 'good'))).toBeCloseTo(once);
    expect(Math.abs(localSentiment(['superb outstanding breathtaking']))).toBeLessThanOrEqual(1);
  });
});

describe('the LLM classification', () => {
  it('takes the score from the JSON answer, clamped, and nothing from an answer without one', () => {
    expect(scoreOf('{"score": 0.7}')).toBe(0.7);
    expect(scoreOf('```json\n{"score": -0.4}\n```')).toBe(-0.4);
    expect(scoreOf('{"score": "0.2"}')).toBe(0.2);
    expect(scoreOf('{"score": 3}')).toBe(1);
    expect(scoreOf('very positive')).toBeUndefined();
    expect(scoreOf('{"mood": "happy"}')).toBeUndefined();
  });

  it('sends the transcript as data, each long message cut', () => {
    const [turn] = sentimentRequest([
      { role: 'user', content: 'x'.repeat(5_000) },
      { role: 'operator', content: 'Here to help.' },
    ]);
    expect(turn?.content.startsWith('Transcript:\nVisitor: ')).toBe(true);
    expect(turn?.content.length).toBeLessThan(1_100);
    expect(turn?.content.endsWith('Support person: Here to help.')).toBe(true);
  });
});

describe('labels', () => {
  it('are positive from 0.25, negative to -0.25, neutral between', () => {
    expect([0.25, 0.249, 0, -0.249, -0.25].map(sentimentLabelOf)).toEqual(['positive', 'neutral', 'neutral', 'neutral', 'negative']);
  });
});
