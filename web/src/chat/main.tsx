import { render } from 'preact';
import { ChatApp } from './chat-app';
import { GonePage } from './chat-pages';
import { trackVisualViewport } from './viewport';
import './chat.css';

/** The link token is the last segment of /c/{token}. */
const token = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() ?? '');
const root = document.getElementById('app') as HTMLElement;
trackVisualViewport();
render(/^[A-Za-z0-9_-]{32}$/.test(token) ? <ChatApp token={token} /> : <GonePage status={404} reason={undefined} />, root);
