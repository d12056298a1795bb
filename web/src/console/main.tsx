import { render } from 'preact';
import { ConsoleApp } from './console-app';
import './console.css';

render(<ConsoleApp />, document.getElementById('app') as HTMLElement);
