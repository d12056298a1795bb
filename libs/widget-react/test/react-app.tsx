// The host site of the browser test: a React app with the chat on it, and controls that change its props.
import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type ChatWidget, ParleyChat } from '../src/index.js';

const element = document.getElementById('app') as HTMLElement;
// `?down`: the platform cannot be reached; `?no-token`: the link token is missing.
const search = new URLSearchParams(location.search);
const platformUrl = search.has('down') ? 'http://127.0.0.1:9' : (element.dataset.platform ?? '');
const [help = '', rentals = ''] = search.has('no-token') ? [] : (element.dataset.tokens ?? '').split(' ');

function App() {
  const [shown, setShown] = useState(true);
  const [lang, setLang] = useState('en');
  const [token, setToken] = useState(help);
  const [launcher, setLauncher] = useState(true);
  const [log, setLog] = useState<string[]>([]);
  const widget = useRef<ChatWidget | null>(null);
  const note = (line: string) => setLog((lines) => [...lines, line]);
  return (
    <>
      <h1>Spoke &amp; Chain bikes</h1>
      <p>Repairs in two days.</p>
      <p>
        <button type="button" onClick={() => setLang(lang === 'en' ? 'de' : 'en')}>
          {lang === 'en' ? 'Auf Deutsch' : 'In English'}
        </button>
        <button type="button" onClick={() => setToken(token === help ? rentals : help)}>
          {token === help ? 'Ask about rentals' : 'Ask about repairs'}
        </button>
        <button type="button" onClick={() => setShown(!shown)}>
          {shown ? 'Remove the chat' : 'Add the chat'}
        </button>
        <button type="button" onClick={() => note(`connected: ${widget.current?.isConnected ?? 'no widget'}`)}>
          Check the connection
        </button>
        <button type="button" onClick={() => void widget.current?.prefill('My chain skips on the small cog')}>
          Ask about a chain
        </button>
        <button type="button" onClick={() => void widget.current?.sendMessage('Is my bike ready?')}>
          Ask if it is ready
        </button>
        <button type="button" onClick={() => setLauncher(!launcher)}>
          {launcher ? 'Hide the chat button' : 'Show the chat button'}
        </button>
      </p>
      {shown && (
        <ParleyChat
          ref={widget}
          platformUrl={platformUrl}
          token={token}
          lang={lang}
          user={null}
          context={{ page: '/repairs', variables: { plan: 'pro' } }}
          hideLauncher={!launcher}
          onReady={() => note('ready')}
          onOpen={() => note('open')}
          onClose={() => note('close')}
          onMessage={(message) => note(`${message.role}: ${message.content}${message.replayed ? ' (replayed)' : ''}`)}
          onUnread={(count) => note(`unread: ${count}`)}
          onError={(error) => note(`error (${error.code}): ${error.message}`)}
        />
      )}
      <ul aria-label="What the chat said">
        {log.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
          <li key={i}>{line}</li>
        ))}
      </ul>
    </>
  );
}

// Strict mode mounts, unmounts and mounts again: the widget must still be one, its script loaded once.
createRoot(element).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
