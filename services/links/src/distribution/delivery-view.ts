import type { LinkDeliveryView } from '@parley/contracts';
import type { LinkDeliveryRow } from './delivery.repository.js';

/** A delivery as the API shows it: the address or webhook host, never the payload. */
export function deliveryView(row: LinkDeliveryRow): LinkDeliveryView {
  return {
    id: row.id,
    link_id: row.link_id,
    channel: row.channel,
    to: row.recipient,
    state: row.state,
    attempts: row.attempts,
    last_error: row.last_error,
    response_code: row.response_code,
    next_attempt_at: row.state === 'pending' && row.next_attempt_at ? new Date(row.next_attempt_at).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
    finished_at: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
