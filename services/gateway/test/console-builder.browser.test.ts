import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgentConfig } from '../../../platform/src/demo-agent.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

interface NodeJson {
  id: string;
  name: string;
  type?: string;
  static_text?: string;
  transitions?: { to: string; condition: string }[];
}
interface ConfigJson {
  workflow: { initial_node: string; nodes: NodeJson[]; layout?: Record<string, { x: number; y: number }> };
}

const transitionCount = (config: ConfigJson) => config.workflow.nodes.reduce((sum, node) => sum + (node.transitions?.length ?? 0), 0);

/** The console's workflow builder (docs/guide.md "The console"), on the demo agent that `npm start` seeds. */
describe('the workflow builder in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let owner: string;

  beforeAll(async () => {
    served = await startConsoleHarness();
    ({ h, browser, base } = served);
    ({ key: owner } = await h.seedTenant('Builder Co'));
  });
  afterAll(async () => {
    await served?.close();
  });

  /** A fresh agent running the demo config, and a page signed in on its tab. */
  async function open(agent: string, viewport: { width: number; height: number }, tab = ''): Promise<{ page: Page; problems: string[] }> {
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: agent, config: demoAgentConfig })).status).toBe(201);
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/${agent}${tab}`);
    await page.getByLabel('API key').fill(owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return { page, problems };
  }

  const config = async (agent: string, version: number) =>
    (await h.withKey(owner, 'GET', `/api/agents/${agent}/versions/${version}`)).body.config as ConfigJson;

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: draws every node and every transition, the start marked, end nodes apart', async (name, viewport) => {
    const agent = `demo-${name}`;
    const { page, problems } = await open(agent, viewport);
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    await graph.locator('[data-node-id="welcome"]').waitFor();
    const demo = demoAgentConfig as ConfigJson;
    await expect(graph.locator('[data-node-id]').count()).resolves.toBe(demo.workflow.nodes.length);
    await expect(graph.locator('[data-edge]').count()).resolves.toBe(transitionCount(demo));
    for (const node of demo.workflow.nodes) {
      for (const transition of node.transitions ?? []) {
        const edge = graph.locator(`[data-edge="${node.id}->${transition.to}"][data-condition="${transition.condition}"]`);
        await expect(edge.count()).resolves.toBe(1);
        await expect(edge.textContent()).resolves.toBe(transition.condition);
      }
    }
    await expect(graph.locator('[data-initial]').getAttribute('data-node-id')).resolves.toBe('welcome');
    await expect(graph.locator('[data-node-id="goodbye"]').getAttribute('data-kind')).resolves.toBe('end');
    await expect(graph.locator('[data-node-id="menu"]').getAttribute('data-kind')).resolves.toBe('step');
    // Nodes laid out apart: no two boxes on top of each other.
    const boxes = await graph
      .locator('[data-node-id]')
      .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
    }
    // Selecting a node opens its fields.
    await graph.locator('[data-node-id="menu"]').click();
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Menu');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, `console-builder-${name}`);
    expect(problems).toEqual([]);
  });

  it('adds a node, connects it (mouse and keys), drags it, and saves the graph as a draft', async () => {
    const agent = 'demo-build';
    const { page, problems } = await open(agent, { width: 1280, height: 800 });
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    await graph.locator('[data-node-id="menu"]').waitFor();

    await page.getByRole('button', { name: 'Add node' }).click();
    const added = graph.locator('[data-node-id="node_1"]');
    await added.waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Feedback');
    await page.getByLabel('Static text (said on entering)').fill('How did we do?');
    await page.getByLabel('Type').selectOption('end');
    await expect(added.getAttribute('data-kind')).resolves.toBe('end');

    // From the menu to the new node, through the menu's form.
    await graph.locator('[data-node-id="menu"]').click();
    await page.getByLabel('To', { exact: true }).selectOption('node_1');
    await page.getByLabel('Condition', { exact: true }).fill('contains:feedback');
    await page.getByRole('button', { name: 'Add transition' }).click();
    await graph.locator('[data-edge="menu->node_1"]').waitFor();

    // Dragged with the mouse, then nudged with the keyboard.
    await added.scrollIntoViewIfNeeded();
    const before = await added.boundingBox();
    if (!before) throw new Error('the new node is not drawn');
    await page.mouse.move(before.x + 20, before.y + 20);
    await page.mouse.down();
    await page.mouse.move(before.x + 80, before.y + 60, { steps: 5 });
    await page.mouse.up();
    await added.focus();
    await page.keyboard.press('ArrowRight');
    const after = await added.boundingBox();
    expect(Math.round((after?.x ?? 0) - before.x)).toBe(60 + 16);

    // The JSON shows what the graph does.
    const json = page.getByLabel('Config (JSON)');
    await expect(json.inputValue()).resolves.toContain('"contains:feedback"');

    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Saved as draft v2').waitFor();
    const saved = await config(agent, 2);
    expect(saved.workflow.nodes.find((node) => node.id === 'node_1')).toMatchObject({ name: 'Feedback', type: 'end', static_text: 'How did we do?' });
    expect(saved.workflow.nodes.find((node) => node.id === 'menu')?.transitions).toContainEqual({ to: 'node_1', condition: 'contains:feedback' });
    const moved = saved.workflow.layout?.node_1;
    expect(moved).toBeDefined();
    // The other nodes keep where they were drawn.
    expect(Object.keys(saved.workflow.layout ?? {}).length).toBeGreaterThanOrEqual(1);

    // And back: an edit of the JSON is drawn, and Delete removes the focused node with its transitions.
    await json.fill((await json.inputValue()).replace('"Feedback"', '"Survey"'));
    await expect(added.locator('.wf-node-name').textContent()).resolves.toBe('Survey');
    await added.focus();
    await page.keyboard.press('Delete');
    await expect(graph.locator('[data-node-id="node_1"]').count()).resolves.toBe(0);
    await expect(graph.locator('[data-edge="menu->node_1"]').count()).resolves.toBe(0);
    await expect(json.inputValue()).resolves.not.toContain('node_1');
    expect(problems).toEqual([]);
  });

  it('connects a node to another by dragging from its port, and saves the transition', async () => {
    const agent = 'demo-connect';
    const { page, problems } = await open(agent, { width: 1280, height: 800 });
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    const target = graph.locator('[data-node-id="support"]');
    await target.waitFor();
    const port = graph.locator('[data-port="pricing"]');
    await port.scrollIntoViewIfNeeded();
    const from = await port.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('the nodes are not drawn');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    // While dragging: a line follows the pointer, and the node it would connect to is marked.
    await graph.locator('.wf-connecting').waitFor();
    await expect(target.getAttribute('class')).resolves.toContain('drop-target');
    await saveScreenshot(page, 'console-builder-connect');
    await page.mouse.up();

    await graph.locator('[data-edge="pricing->support"][data-condition="always"]').waitFor();
    await expect(graph.locator('.wf-connecting').count()).resolves.toBe(0);
    // The source's form opens on the new transition, whose condition is written there.
    await page.locator('[data-form-node="pricing"]').waitFor();
    await expect(page.getByLabel('To 3', { exact: true }).inputValue()).resolves.toBe('support');
    await page.getByLabel('Condition 3', { exact: true }).fill('contains:ticket');
    await graph.locator('[data-edge="pricing->support"][data-condition="contains:ticket"]').waitFor();

    // A press on a port that does not move, or a drop on nothing, adds nothing.
    const edges = await graph.locator('[data-edge]').count();
    await port.click();
    await expect(graph.locator('[data-edge]').count()).resolves.toBe(edges);

    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Saved as draft v2').waitFor();
    const saved = await config(agent, 2);
    expect(saved.workflow.nodes.find((node) => node.id === 'pricing')?.transitions).toEqual([
      { to: 'goodbye', condition: 'intent:done' },
      { to: 'menu', condition: 'user_responded' },
      { to: 'support', condition: 'contains:ticket' },
    ]);
    expect(problems).toEqual([]);
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: checks the config as it is edited, every problem on its node, and saves only once none is left', async (name, viewport) => {
    const agent = `demo-check-${name}`;
    const { page, problems } = await open(agent, viewport);
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    const save = page.getByRole('button', { name: 'Save as draft' });
    const summary = page.locator('#wf-check');

    // Two nodes broken through their forms, and the start through the JSON.
    await graph.locator('[data-node-id="pricing"]').click();
    await page.getByLabel('To', { exact: true }).selectOption('goodbye');
    await page.getByLabel('Condition', { exact: true }).fill('intent:refund');
    await page.getByRole('button', { name: 'Add transition' }).click();
    await graph.locator('[data-node-id="menu"]').click();
    await page.getByLabel('Condition 5', { exact: true }).fill('max_turns:three');
    const json = page.getByLabel('Config (JSON)');
    await json.fill((await json.inputValue()).replace('"initial_node": "welcome"', '"initial_node": "start"'));

    const pricing = graph.locator('[data-node-id="pricing"]');
    const menu = graph.locator('[data-node-id="menu"]');
    await expect(pricing.getAttribute('data-problem')).resolves.toBe('intent "refund" is not one of this node\'s intents');
    await expect(menu.getAttribute('data-problem')).resolves.toBe('max_turns: needs a positive whole number, e.g. max_turns:5');
    await expect(graph.locator('[data-problem]').count()).resolves.toBe(2);
    await expect(pricing.textContent()).resolves.toContain('1 problem');
    // The workflow's own problem is listed above the graph, with the nodes that have some.
    await expect(summary.locator('p').first().textContent()).resolves.toBe('3 problems to fix before saving');
    await expect(summary.locator('li').allTextContents()).resolves.toEqual(['config.workflow.initial_node no node has id "start"']);
    await expect(summary.getByRole('button').allTextContents()).resolves.toEqual(['menu', 'pricing']);
    // The open node's form names its problem by its path and marks the field.
    await expect(page.locator('.wf-form .problem').textContent()).resolves.toContain('config.workflow.nodes[3].transitions[4].condition');
    await expect(page.getByLabel('Condition 5', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(save.isDisabled()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await summary.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, `console-builder-check-${name}`);

    // Fixed one by one: saving waits for the last.
    await summary.getByRole('button', { name: 'pricing' }).click();
    await page.getByRole('button', { name: 'Remove pricing → goodbye' }).last().click();
    await expect(graph.locator('[data-problem]').count()).resolves.toBe(1);
    await expect(summary.locator('p').first().textContent()).resolves.toBe('2 problems to fix before saving');
    await json.fill((await json.inputValue()).replace('"initial_node": "start"', '"initial_node": "welcome"'));
    await expect(save.isDisabled()).resolves.toBe(true);
    await menu.click();
    await page.getByLabel('Condition 5', { exact: true }).fill('max_turns:3');
    await expect(graph.locator('[data-problem]').count()).resolves.toBe(0);
    await expect(summary.textContent()).resolves.toBe('');
    await expect((await h.withKey(owner, 'GET', `/api/agents/${agent}`)).body.versions).toHaveLength(1);
    await save.click();
    await page.getByText('Saved as draft v2').waitFor();
    expect(problems).toEqual([]);
  });

  it('shows a problem only the platform finds, from its refusal, on the node it belongs to', async () => {
    const agent = 'demo-errors';
    const { page } = await open(agent, { width: 1280, height: 800 });
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    // A lookbehind: a regular expression, but not one RE2 runs – the save says so.
    await graph.locator('[data-node-id="collect_contact"]').click();
    await page.getByLabel('Pattern').first().fill('(?<=name is )\\w+');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const node = graph.locator('[data-node-id="collect_contact"]');
    await node.and(page.locator('[data-problem]')).waitFor();
    await expect(node.getAttribute('data-problem')).resolves.toMatch(/^not a valid regular expression \(RE2 syntax\): /);
    await expect(node.textContent()).resolves.toContain('1 problem');
    await expect(graph.locator('[data-problem]').count()).resolves.toBe(1);
    // The node's form names it by its path, as the JSON editor does.
    await expect(page.locator('.wf-form .problem').textContent()).resolves.toContain('config.workflow.nodes[1].extract[0].pattern');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-builder-problem');
    await expect((await h.withKey(owner, 'GET', `/api/agents/${agent}`)).body.versions).toHaveLength(1);
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: edits every field of a node – handoff team, resolves, tool calls per turn, the call on entering – and saves them', async (name, viewport) => {
    const agent = `demo-fields-${name}`;
    const { page, problems } = await open(agent, viewport);
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    await graph.locator('[data-node-id="support"]').waitFor();
    // A tool for the call to use, declared in the JSON.
    const json = page.getByLabel('Config (JSON)');
    const withTool = JSON.parse(await json.inputValue()) as ConfigJson & { tools?: unknown[] };
    withTool.tools = [
      {
        name: 'ticket',
        http: { method: 'POST', url: 'https://support.example/tickets', body: { email: '{{args.email}}' } },
        parameters: { type: 'object', properties: { email: { type: 'string' } } },
      },
    ];
    await json.fill(JSON.stringify(withTool, null, 2));

    // The support node hands over to a team, resolves the conversation and opens a ticket on entering.
    await graph.locator('[data-node-id="support"]').click();
    await page.getByLabel('Type').selectOption('handoff');
    await page.getByLabel('Handoff reason').fill('wants a person');
    await page.getByLabel('Handoff team').fill('Billing');
    await page.getByLabel('Reaching this node resolves the conversation').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Tool', { exact: true }).fill('ticket');
    // Not yet saved as anything: the check says so on the node.
    await expect(graph.locator('[data-node-id="support"]').getAttribute('data-problem')).resolves.toBe(
      'must be an identifier (letters, digits and _, not starting with a digit)',
    );
    await page.getByLabel('Save result as').fill('ticket_result');
    await page.getByRole('button', { name: 'Add argument' }).click();
    await page.getByLabel('Argument', { exact: true }).fill('email');
    await page.keyboard.press('Tab');
    await page.getByLabel('Value (a template)').fill('{{email}}');
    await page.getByLabel('Type').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, `console-builder-handoff-${name}`);
    await page.getByRole('group', { name: 'Tool called on entering' }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, `console-builder-call-${name}`);

    // The pricing node answers with the model, which may call the tool twice a turn.
    await graph.locator('[data-node-id="pricing"]').click();
    await page.getByLabel('Static text (said on entering)').fill('');
    await page.getByLabel('Prompt (the model answers)').fill('Answer pricing questions for {{first_name}}.');
    await page.getByLabel('Tools (comma-separated names)').fill('ticket');
    await page.getByLabel('Tools (comma-separated names)').press('Tab');
    await page.getByLabel('Tool calls per turn (1–10, default 4)').fill('2');
    await page.getByLabel('Tool calls per turn (1–10, default 4)').press('Tab');
    await expect(graph.locator('[data-problem]').count()).resolves.toBe(0);
    await page.locator('.wf-form').scrollIntoViewIfNeeded();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, `console-builder-fields-${name}`);

    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Saved as draft v2').waitFor();
    const saved = (await config(agent, 2)) as ConfigJson & { workflow: { nodes: Record<string, unknown>[] } };
    const { transitions: _support, ...support } = saved.workflow.nodes.find((node) => node.id === 'support') ?? {};
    expect(support).toEqual({
      id: 'support',
      name: 'Support',
      type: 'handoff',
      handoff_reason: 'wants a person',
      handoff_team: 'Billing',
      resolves: true,
      static_text: "I've opened a ticket for you, {{first_name}}; support will write to {{email}}. Anything else?",
      intents: expect.any(Array),
      call: { tool: 'ticket', save_as: 'ticket_result', args: { email: '{{email}}' } },
    });
    expect(saved.workflow.nodes.find((node) => node.id === 'pricing')).toMatchObject({
      prompt: 'Answer pricing questions for {{first_name}}.',
      tools: ['ticket'],
      max_tool_calls: 2,
    });
    expect(saved.workflow.nodes.find((node) => node.id === 'pricing')).not.toHaveProperty('static_text');
    expect(problems).toEqual([]);
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: the playground highlights the path of each turn', async (name, viewport) => {
    const { page, problems } = await open(`demo-try-${name}`, viewport, '/try');
    await page.getByRole('button', { name: 'Start a session' }).click();
    const graph = page.getByRole('group', { name: 'Workflow graph' });
    const visited = () => graph.locator('[data-visited][data-node-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-id')));
    await graph.locator('[data-node-id="welcome"][data-visited]').waitFor();
    await expect(visited()).resolves.toEqual(['welcome']);

    await page.getByLabel('Message').fill("I'm Ada, ada@example.com");
    await page.keyboard.press('Enter');
    await graph.locator('[data-node-id="menu"][data-visited]').waitFor();
    await expect(visited()).resolves.toEqual(['welcome', 'collect_contact', 'menu']);
    await expect(graph.locator('[data-edge][data-visited]').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-edge')))).resolves.toEqual([
      'welcome->collect_contact',
      'collect_contact->menu',
    ]);

    await page.getByLabel('Message').fill('What does it cost?');
    await page.keyboard.press('Enter');
    await graph.locator('[data-node-id="pricing"][data-visited]').waitFor();
    await expect(visited()).resolves.toEqual(['menu', 'pricing']);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, `console-builder-playground-${name}`);
    expect(problems).toEqual([]);
  });
});
