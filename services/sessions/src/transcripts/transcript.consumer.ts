import type { PlatformBus, Subscription } from '@parley/bus';
import type { TranscriptMail } from './mail.js';

/** The durable consumer's name: replicas share it, and the claim makes each transcript go once whichever takes it. */
export const TRANSCRIPT_DURABLE = 'sessions-transcripts';

/**
 * Every end of a conversation – completed, closed by an operator, idle, its link closed, ended by
 * its owner – is a `session.ended`: its transcript goes out then (docs/escalation.md "Transcripts by
 * email"). A failure naks the event and the bus delivers it again.
 */
export function consumeTranscripts(bus: PlatformBus, transcripts: TranscriptMail): Subscription {
  return bus.consume('events.session.ended', TRANSCRIPT_DURABLE, async (event) => {
    await transcripts.atEnd(event.conversationId);
  });
}
