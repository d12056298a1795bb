import { phoneNumber } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { phoneProblem, smsChannel } from './send-to-fields';

/** The console's own check of a number to text (docs/management-api.md "Sending links: email, Slack, Teams, SMS"). */
describe('the console’s check of a phone number', () => {
  it('takes E.164 – + then 8 to 15 digits – and the server takes what it takes', () => {
    for (const typed of ['+14155550123', '+4915112345678', '+33142685300', '+12345678', '+123456789012345', ' +14155550123 ']) {
      expect(phoneProblem(typed), typed).toBeUndefined();
      expect(phoneNumber.safeParse(smsChannel(typed).to).success, typed).toBe(true);
    }
  });

  it('refuses anything else, in the console’s words', () => {
    for (const typed of ['', '14155550123', '+0123456789', '+1 415 555 0123', '+1-415-555-0123', '+1234567', '+1234567890123456', 'tel:+14155550123', '+']) {
      expect(phoneProblem(typed), typed).toMatch(/^Not a phone number the platform can text/);
    }
  });
});
