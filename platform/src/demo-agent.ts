/** After an answer: "anything else?" – a goodbye ends the chat, anything else goes back to the menu. */
const anythingElse = {
  intents: [{ name: 'done', description: 'has nothing more', keywords: ['no', 'bye', 'goodbye', "that's all", 'nothing'] }],
  transitions: [
    { to: 'goodbye', condition: 'intent:done' },
    { to: 'menu', condition: 'user_responded' },
  ],
};

/**
 * The demo agent seeded by `npm start`: it runs on static text, patterns and keywords alone,
 * so it works without any LLM key.
 */
export const demoAgentConfig = {
  workflow: {
    initial_node: 'welcome',
    nodes: [
      {
        id: 'welcome',
        name: 'Welcome',
        static_text: "Hi, I'm the Parley demo agent. What's your first name and email address?",
        transitions: [{ to: 'collect_contact', condition: 'user_responded' }],
      },
      {
        id: 'collect_contact',
        name: 'Collect Contact',
        extract: [
          { name: 'first_name', description: 'first name', pattern: "(?:name is|I am|I'm|this is)\\s+([A-Z][a-z]+)" },
          { name: 'email', description: 'email address', pattern: '([\\w.+-]+@[\\w-]+\\.[\\w.]+)' },
        ],
        transitions: [
          { to: 'menu', condition: 'variables_extracted:first_name,email' },
          { to: 'ask_again', condition: 'always' },
        ],
      },
      {
        id: 'ask_again',
        name: 'Ask Again',
        static_text: 'I still need your first name and email, for example: "I\'m Ada, ada@example.com".',
        transitions: [{ to: 'collect_contact', condition: 'user_responded' }],
      },
      {
        id: 'menu',
        name: 'Menu',
        static_text: 'Thanks, {{first_name}}! Would you like a demo, pricing, or help from support?',
        intents: [
          { name: 'demo', description: 'wants a product demo', keywords: ['demo', 'trial', 'show me'] },
          { name: 'pricing', description: 'asks about prices', keywords: ['price', 'pricing', 'cost', 'plans'] },
          { name: 'support', description: 'needs help', keywords: ['help', 'support', 'problem', 'broken'] },
          { name: 'goodbye', description: 'wants to stop', keywords: ['bye', 'goodbye', "that's all", 'no thanks'] },
        ],
        transitions: [
          { to: 'demo', condition: 'intent:demo' },
          { to: 'pricing', condition: 'intent:pricing' },
          { to: 'support', condition: 'intent:support' },
          { to: 'goodbye', condition: 'intent:goodbye' },
          { to: 'goodbye', condition: 'max_turns:3' },
        ],
      },
      {
        id: 'demo',
        name: 'Book Demo',
        static_text: 'Great – which day suits you for a 30-minute demo?',
        extract: [{ name: 'demo_day', description: 'weekday', pattern: '\\b(monday|tuesday|wednesday|thursday|friday)\\b' }],
        transitions: [
          { to: 'demo_booked', condition: 'variables_extracted:demo_day' },
          { to: 'demo', condition: 'user_responded' },
        ],
      },
      {
        id: 'demo_booked',
        name: 'Demo Booked',
        static_text: "Booked for {{demo_day}}. We'll send the invite to {{email}}. Anything else?",
        ...anythingElse,
      },
      {
        id: 'pricing',
        name: 'Pricing',
        static_text: 'Plans start free for one agent; teams pay per active conversation. Anything else?',
        ...anythingElse,
      },
      {
        id: 'support',
        name: 'Support',
        static_text: "I've opened a ticket for you, {{first_name}}; support will write to {{email}}. Anything else?",
        ...anythingElse,
      },
      { id: 'goodbye', name: 'Goodbye', type: 'end', static_text: 'Goodbye, {{first_name}}!' },
    ],
  },
};
