import { describe, expect, it } from 'vitest';
import { ParleyApiError, ParleyNetworkError } from '@parley/client';
import { ansi } from '../src/palette.js';
import {
  renderAgentBox,
  renderBanner,
  renderError,
  renderHistory,
  renderReply,
  renderSessionCreated,
  renderSessionEnd,
  renderStatus,
  renderVars,
  wrapText,
} from '../src/render.js';
import { AGENT_ID, createdSession, ended, reply, status, TENANT_ID } from './reference-examples.js';

// A whole CLI session as it must print, character for character.
const REFERENCE_BANNER = `============================================================
  Text Chat CLI - Interactive Agent Testing
============================================================
  Server: http://localhost:8000
  Tenant: 6bc1814c-5705-5b6e-af99-104b91962282
  Agent:  a1b2c3d4-e5f6-4890-abcd-ef1234567890
============================================================`;

const REFERENCE_SESSION_CREATED = `  ✓ Session ID: text_abc123def456
  ✓ Agent Config Version: 1 (active)
  ✓ Starting node: Static Greeting
  Startup transitions:
    ➡️  Static Greeting → Dynamic Greeting (always)
    ➡️  Dynamic Greeting → Wait for User Info (always)
  ✓ Current node: Wait for User Info

  ┌─ Agent ───────────────────────────────────────────────────
  │ Thank you for calling MRI Eligibility Support.
  │ This call may be recorded for quality and training purposes.
  │ Hi, I'm Nancy from MRI Support. Could you please tell me
  │ your first name and zip code?
  └─────────────────────────────────────────────────────────────`;

const REFERENCE_REPLY = `  ┌─ Agent ───────────────────────────────────────────────────
  │ Thank you, Jack! I'm here to help you with any questions
  │ about MRI eligibility. What would you like to know?
  └─────────────────────────────────────────────────────────────
  📍 Node: MRI Q&A Conversation (mri_qa_conversation) | ⏱️ 523ms
    ➡️  Wait for User Info → Extract User Info (user_responded)
    ➡️  Extract User Info → Personalized Greeting (variables_extracted:first_name,zip_code)
    ➡️  Personalized Greeting → MRI Q&A Conversation (always)
    📝 Extracted: first_name=Jack, zip_code=30301`;

describe('the reference layout', () => {
  it('prints the banner with server, tenant and agent', () => {
    expect(renderBanner({ url: 'http://localhost:8000', tenantId: TENANT_ID, agentId: AGENT_ID })).toBe(REFERENCE_BANNER);
  });

  it('prints the created session: id, version, nodes, startup transitions and the greeting box', () => {
    expect(renderSessionCreated(createdSession)).toBe(REFERENCE_SESSION_CREATED);
  });

  it('prints a reply: box, node and latency, transitions, extracted variables', () => {
    expect(renderReply(reply)).toBe(REFERENCE_REPLY);
  });
});

describe('variations the example does not show', () => {
  it('marks a pinned version and leaves out startup transitions when there were none', () => {
    const text = renderSessionCreated({ ...createdSession, is_active_version: false, agent_config_version: 2, transitions: [], initial_message: null });
    expect(text).toContain('✓ Agent Config Version: 2 (pinned)');
    expect(text).not.toContain('Startup transitions');
    expect(text).not.toContain('┌─ Agent');
  });

  it('falls back to node ids when names are missing and leaves out an absent condition', () => {
    const text = renderReply({
      ...reply,
      node_name: null,
      transitions: [{ from_node: 'a', from_node_name: null, to_node: 'b', to_node_name: null, condition: null }],
      extracted_variables: null,
    });
    expect(text).toContain('  📍 Node: mri_qa_conversation | ⏱️ 523ms');
    expect(text.endsWith('    ➡️  a → b')).toBe(true);
    expect(text).not.toContain('Extracted');
  });

  it('prints the extracted values as they are', () => {
    expect(renderReply({ ...reply, transitions: [], extracted_variables: { age: '42', ok: 'yes' } })).toContain('📝 Extracted: age=42, ok=yes');
  });

  it('says the message waits for a person while the conversation is escalated, with no agent box', () => {
    const text = renderReply({ ...reply, response: null, escalated: true });
    expect(text).toContain('The conversation is with a person now: your message is kept for them.');
    expect(text).not.toContain('┌─ Agent');
  });

  it('colours only when given the ANSI palette', () => {
    expect(renderReply(reply)).not.toContain('\x1b[');
    expect(renderReply(reply, ansi)).toContain('\x1b[');
  });
});

describe('wrapText', () => {
  it('wraps at the width, keeps line breaks and cuts words longer than the width', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('keeps every box line within 60 columns', () => {
    const box = renderAgentBox('word '.repeat(100));
    for (const line of box.split('\n').slice(1, -1)) expect(line.length).toBeLessThanOrEqual('  │ '.length + 60);
  });
});

describe('command output', () => {
  it('shows status with node name and id, status, turns and transitions', () => {
    expect(renderStatus(status)).toBe(
      [
        '  Session status',
        '    Session:     text_abc123def456',
        '    Status:      active',
        '    Node:        MRI Q&A Conversation (mri_qa_conversation)',
        '    Turns:       1',
        '    Transitions: 5',
      ].join('\n'),
    );
  });

  it('lists collected variables, or says there are none', () => {
    expect(renderVars(status.collected_data)).toBe('  Collected variables\n    📝 first_name = Jack\n    📝 zip_code = 30301');
    expect(renderVars({})).toBe('  No variables collected yet.');
  });

  it('shows the history in order with who said what', () => {
    expect(
      renderHistory([
        { role: 'agent', content: 'Hi, who are you?' },
        { role: 'user', content: 'Jack' },
      ]),
    ).toBe('  Conversation history\n    Agent: Hi, who are you?\n    You:   Jack');
  });

  it('shows the final stats of an ended session', () => {
    expect(renderSessionEnd(ended)).toBe(
      ['  ✓ Session ended', '    Final node:        MRI Q&A Conversation (mri_qa_conversation)', '    Total turns:       1', '    Total transitions: 5'].join(
        '\n',
      ),
    );
  });

  it('prints API errors as status, code and message on one line, and network errors with the URL', () => {
    expect(renderError(new ParleyApiError(410, 'gone', 'session is no longer active'))).toBe('  ✗ 410 gone: session is no longer active');
    expect(renderError(new ParleyNetworkError('http://x/api', 'cannot reach http://x/api (refused)'))).toBe('  ✗ cannot reach http://x/api (refused)');
  });
});
