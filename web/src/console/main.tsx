import { render } from 'preact';
import { ConsoleApp } from './console-app';
import { applyAppearance, storedAppearance } from './shell/appearance';
import '../chat/sources/sources.css';
import './console.css';

// Before the first paint: the person's light or dark, as chosen last time or as their system is.
applyAppearance(storedAppearance());
render(<ConsoleApp />, document.getElementById('app') as HTMLElement);
