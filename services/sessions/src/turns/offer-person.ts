import type { TurnOutcome } from '@parley/contracts';

const AFTER_UNANSWERED = /^after_unanswered:(\d+)$/;

/**
 * Whether a turn's reply offers the visitor a person (docs/escalation.md "Offering a person"): always,
 * never, or once the messages the agent did not understand – those before this turn
 * (`unansweredBefore`, the conversation's count) and this one – reach N. Not for a turn that
 * ended the conversation or handed it to a person already. `setting` is the link's, or a Text
 * Chat API session's own; null or unknown: never.
 */
export function offersPerson(
  setting: string | null | undefined,
  unansweredBefore: number,
  outcome: Pick<TurnOutcome, 'status' | 'handoff' | 'unanswered'>,
): boolean {
  if (!setting || outcome.status !== 'active' || outcome.handoff) return false;
  if (setting === 'always') return true;
  const after = AFTER_UNANSWERED.exec(setting);
  if (!after) return false;
  return unansweredBefore + (outcome.unanswered ? 1 : 0) >= Number(after[1]);
}
