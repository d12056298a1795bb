// The host site of the browser test: a Vue app with the chat on it, and controls that change its props.
import { createApp, defineComponent, h, ref, shallowRef } from 'vue';
import { type ChatWidget, type ChatWidgetError, type ChatWidgetMessage, ParleyChat } from '../src/index.js';

const element = document.getElementById('app') as HTMLElement;
// `?down`: the platform cannot be reached; `?no-token`: the link token is missing.
const search = new URLSearchParams(location.search);
const platformUrl = search.has('down') ? 'http://127.0.0.1:9' : (element.dataset.platform ?? '');
const [help = '', rentals = ''] = search.has('no-token') ? [] : (element.dataset.tokens ?? '').split(' ');

const App = defineComponent({
  setup() {
    const shown = ref(true);
    const lang = ref('en');
    const token = ref(help);
    const launcher = ref(true);
    const log = ref<string[]>([]);
    const chat = shallowRef<{ widget: ChatWidget | null; prefill(text: string): void } | null>(null);
    const note = (line: string) => log.value.push(line);
    const button = (label: string, onClick: () => void) => h('button', { type: 'button', onClick }, label);
    return () => [
      h('h1', 'Spoke & Chain bikes'),
      h('p', 'Repairs in two days.'),
      h('p', [
        button(lang.value === 'en' ? 'Auf Deutsch' : 'In English', () => {
          lang.value = lang.value === 'en' ? 'de' : 'en';
        }),
        button(token.value === help ? 'Ask about rentals' : 'Ask about repairs', () => {
          token.value = token.value === help ? rentals : help;
        }),
        button(shown.value ? 'Remove the chat' : 'Add the chat', () => {
          shown.value = !shown.value;
        }),
        button('Check the connection', () => note(`connected: ${chat.value?.widget?.isConnected ?? 'no widget'}`)),
        button('Ask about a chain', () => chat.value?.prefill('My chain skips on the small cog')),
        button('Ask if it is ready', () => void chat.value?.widget?.sendMessage('Is my bike ready?')),
        button(launcher.value ? 'Hide the chat button' : 'Show the chat button', () => {
          launcher.value = !launcher.value;
        }),
      ]),
      shown.value
        ? h(ParleyChat, {
            ref: chat,
            platformUrl,
            token: token.value,
            lang: lang.value,
            user: null,
            context: { page: '/repairs', variables: { plan: 'pro' } },
            hideLauncher: !launcher.value,
            onReady: () => note('ready'),
            onOpen: () => note('open'),
            onClose: () => note('close'),
            onMessage: (message: ChatWidgetMessage) => note(`${message.role}: ${message.content}${message.replayed ? ' (replayed)' : ''}`),
            onUnread: (count: number) => note(`unread: ${count}`),
            onError: (error: ChatWidgetError) => note(`error (${error.code}): ${error.message}`),
          })
        : null,
      h(
        'ul',
        { 'aria-label': 'What the chat said' },
        log.value.map((line) => h('li', line)),
      ),
    ];
  },
});

createApp(App).mount(element);
