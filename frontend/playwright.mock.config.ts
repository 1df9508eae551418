import base from './playwright.config';
export default { ...base, webServer: { command: 'node /tmp/mockh/server.mjs 43918 /work/main/frontend/dist', url: 'http://127.0.0.1:43918/', reuseExistingServer: false, timeout: 30000 }, use: { ...base.use, baseURL: 'http://127.0.0.1:43918' } };
