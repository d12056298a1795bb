import { render } from 'preact';
import { ChatApp } from './chat-app';
import { GonePage } from './chat-pages';
import { followMode } from '../look/theme';
import { trackVisualViewport } from './viewport';
import { loadPageWords, PageWordsProvider } from './page-words';
import { chooseVisitorLocale } from './words';
import './chat.css';
import './files/files.css';
import './feedback/feedback.css';
import './sources/sources.css';
import './follow-up/follow-up.css';

/** The link token is the last segment of /c/{token}. */
const token = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() ?? '');
const root = document.getElementById('app') as HTMLElement;
const isToken = /^[A-Za-z0-9_-]{32}$/.test(token);
trackVisualViewport();
// An address that is no link at all is explained in the visitor's own mode; a link's page then follows its theme.
if (!isToken) followMode(document.documentElement, 'auto');
// The browser's language until the link says its own: English is bundled, another is one chunk away.
void loadPageWords(chooseVisitorLocale(undefined)).then((words) => {
  document.documentElement.lang = words.lang;
  document.documentElement.dir = words.dir;
  render(
    isToken ? (
      <ChatApp token={token} words={words} />
    ) : (
      <PageWordsProvider words={words}>
        <GonePage status={404} reason={undefined} />
      </PageWordsProvider>
    ),
    root,
  );
});
