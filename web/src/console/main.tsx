import { render } from 'preact';
import { ConsoleApp } from './console-app';
import { applyAppearance, storedAppearance } from './shell/appearance';
import '../chat/sources/sources.css';
import './console.css';
// The inbox's sheet loads with the console's: a lazily loaded part may not bring CSS of its own (scripts/direct-imports.plugin.ts).
import './inbox/inbox.css';

// Before the first paint: the person's light or dark, as chosen last time or as their system is.
applyAppearance(storedAppearance());
render(<ConsoleApp />, document.getElementById('app') as HTMLElement);
