import './app.css';
import './lib/components/workspace/ui.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start() {
  // A tiny stand-in backend for `npm run dev` in a plain browser. The whole
  // branch is compiled away in production builds.
  if (import.meta.env.DEV && !window.go) {
    await import('./dev-mock');
  }
  const target = document.getElementById('app');
  if (!target) throw new Error('#app missing');
  return mount(App, { target });
}

export default start();
