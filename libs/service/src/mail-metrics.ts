import { Counter, type Registry } from 'prom-client';
import { metricOnce } from './metrics.js';

/** What a mail is: a verification code (gateway), an escalation notice (sessions), a link sent by email (links). */
export type MailKind = 'verification_code' | 'escalation_notice' | 'link';

/** Counts the mails handed to the SMTP server. */
export interface MailMetrics {
  /** Resolves or rejects as `sending` does, counting it as sent or failed. */
  track<T>(kind: MailKind, sending: Promise<T>): Promise<T>;
}

/** `parley_mail_deliveries_total{kind, outcome}`: one family for every mailer of the process. */
export function mailMetrics(registry: Registry): MailMetrics {
  const deliveries = metricOnce(
    registry,
    {
      name: 'parley_mail_deliveries_total',
      help: 'Mails handed to the SMTP server (sent) or refused by it or not delivered to it (failed), by kind',
      labelNames: ['kind', 'outcome'] as const,
    },
    (config) => new Counter(config),
  );
  return {
    async track(kind, sending) {
      try {
        const result = await sending;
        deliveries.inc({ kind, outcome: 'sent' });
        return result;
      } catch (error) {
        deliveries.inc({ kind, outcome: 'failed' });
        throw error;
      }
    },
  };
}
