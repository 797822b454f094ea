import { mount } from 'svelte';
import App from './App.svelte';
import { room } from './lib/state/room.svelte.js';
import { installTestHooks } from './lib/test-hooks.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

installTestHooks(room);

export default mount(App, { target });
