import { expect } from 'vitest';
import type { GatewayHarness, InjectResult } from '../../../../test/gateway-harness.js';
import { sessionFor, withSession } from '../members/members.test-kit.js';
import { follow } from './escalation.test-kit.js';

/** An agent that hands every visitor to a team at once (its first node is a handoff naming the team). */
export const handoffTo = (team: string) => ({
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'How can I help?',
        transitions: [
          { to: 'human', condition: 'contains:person' },
          { to: 'ask', condition: 'user_responded' },
        ],
      },
      {
        id: 'human',
        name: 'Human',
        type: 'handoff',
        handoff_reason: `asked for ${team}`,
        handoff_team: team,
        static_text: 'One moment.',
        transitions: [{ to: 'ask', condition: 'user_responded' }],
      },
    ],
  },
});

/** An agent whose very first node hands over to a team: every new session is an escalation. */
export const straightTo = (team: string) => ({
  workflow: {
    initial_node: 'human',
    nodes: [
      { id: 'human', name: 'Human', type: 'handoff', handoff_reason: 'load', handoff_team: team, static_text: 'A person will be with you.', transitions: [] },
    ],
  },
});

export interface OperatorMember {
  memberId: string;
  name: string;
  cookie: string;
  csrf: string;
  /** Opens the inbox stream (they are online until `leave()`). */
  arrive(base: string): Promise<void>;
  leave(): void;
  /** A request as this member, from the console. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in tests, as the harness's are.
  call(method: string, url: string, body?: unknown): Promise<InjectResult<any>>;
}

/** A member of the tenant with the operator role, signed in to the console. */
export async function operatorMember(
  h: GatewayHarness,
  tenantId: string,
  name: string,
  role: 'operator' | 'editor' | 'owner' = 'operator',
): Promise<OperatorMember> {
  const email = `${name.toLowerCase()}@desk.example`;
  const created = await h.bus.request('links.members.create', { tenantId, email, name, role });
  const cookie = await sessionFor(h, { tenantId, memberId: created.member_id, email });
  const me = await withSession(h, cookie, 'GET', '/api/me');
  expect(me.status, me.text).toBe(200);
  let stream: ReturnType<typeof follow> | undefined;
  const member: OperatorMember = {
    memberId: created.member_id,
    name,
    cookie,
    csrf: me.body.csrf_token as string,
    async arrive(base) {
      stream = follow(`${base}/api/inbox/events`, ['escalation', 'presence'], { cookie: `parley_session=${cookie}` });
      await stream.opened;
    },
    leave() {
      stream?.source.close();
      stream = undefined;
    },
    call: (method, url, body) => withSession(h, cookie, method, url, { ...(body === undefined ? {} : { body }), csrf: member.csrf }),
  };
  return member;
}
