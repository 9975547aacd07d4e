import { describe, expect, it } from 'vitest';
import { classify, classifyByRules } from '../../src/contexts/support/classifier.js';
import { predict, train } from '../../src/contexts/support/model.js';
import { MODEL } from '../../src/contexts/support/model-data.js';
import { trainingTickets } from '../../src/contexts/support/training.js';

describe('the word model', () => {
  it('the shipped model is exactly what the tuning corpora give (run npm run train:classifier after changing them)', () => {
    const fresh = train(trainingTickets());
    expect(fresh.priors).toEqual([...MODEL.priors]);
    expect(fresh.words).toEqual(MODEL.words);
  });

  it('is deterministic and names the words that decided it', () => {
    const a = predict('النظام ارسل رسايل للعملاء ونحن ما اعتمدناها');
    expect(predict('النظام ارسل رسايل للعملاء ونحن ما اعتمدناها')).toEqual(a);
    expect(a.top_words.length).toBeGreaterThan(0);
    expect(Math.max(...a.scores)).toBe(0);
  });

  it('may raise a ticket the rules read as less urgent, never lower one', () => {
    // A rule P0 stays P0 whatever the model says.
    expect(classify('لقينا تسريب في ملف السجلات').priority).toBe('P0');
    // The rules find nothing here; the words read like an unapproved send, so the model raises it.
    const raised = classify('عميل اتصل يسأل ليش جاه عرضنا مرتين وحنا ما سوينا كذا');
    expect(classifyByRules('عميل اتصل يسأل ليش جاه عرضنا مرتين وحنا ما سوينا كذا').priority).toBe('P3');
    expect(raised).toMatchObject({ priority: 'P0', rule: 'model' });
    // A known false alarm: short English with "did not" reads like "we did not approve" to the
    // model. The rules say P2; the model may only raise, so the answer is never below P2.
    expect(classifyByRules('Moyasar invoice did not arrive').priority).toBe('P2');
    expect(['P0', 'P1', 'P2']).toContain(classify('Moyasar invoice did not arrive').priority);
    // One word is not evidence enough to overrule the rules.
    expect(classify('Gmail').priority).toBe(classifyByRules('Gmail').priority);
  });

  it('a model decision explains itself in Arabic with its words', () => {
    const c = classify('the whole team cannot get into dealix since morning');
    expect(c.rule).toBe('model');
    expect(c.reason_ar).toContain(c.model.top_words[0]!);
    expect(c.matched_keyword).toBe(c.model.top_words.join('، '));
  });
});
