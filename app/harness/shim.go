//go:build harness

package main

// shimJS stands in for the script Wails injects into the webview: it
// defines window.go.<package>.<Service>.<Method> and the subset of
// window.runtime the frontend uses, over HTTP and server-sent events.
const shimJS = `(function () {
  async function invoke(service, method, args) {
    const res = await fetch('/__harness/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: service, method: method, args: args }),
    });
    const body = await res.json();
    if (body.error !== undefined) throw body.error;
    return body.result;
  }
  function service(name) {
    return new Proxy({}, { get: function (_, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return function () { return invoke(name, method, Array.prototype.slice.call(arguments)); };
    } });
  }
  window.go = { app: new Proxy({}, { get: function (_, name) { return typeof name === 'string' ? service(name) : undefined; } }) };
  const listeners = {};
  const source = new EventSource('/__harness/events');
  source.onmessage = function (e) {
    const msg = JSON.parse(e.data);
    (listeners[msg.name] || []).slice().forEach(function (l) {
      l.cb(msg.data);
      if (l.max > 0 && --l.max === 0) off(msg.name, l);
    });
  };
  function off(name, l) {
    listeners[name] = (listeners[name] || []).filter(function (x) { return x !== l; });
  }
  function onMultiple(name, cb, max) {
    const l = { cb: cb, max: max === undefined ? -1 : max };
    (listeners[name] = listeners[name] || []).push(l);
    return function () { off(name, l); };
  }
  function noop() {}
  window.runtime = {
    EventsOnMultiple: onMultiple,
    EventsOn: function (n, cb) { return onMultiple(n, cb, -1); },
    EventsOnce: function (n, cb) { return onMultiple(n, cb, 1); },
    EventsOff: function (n) { delete listeners[n]; },
    EventsOffAll: function () { for (const k in listeners) delete listeners[k]; },
    EventsEmit: noop,
    BrowserOpenURL: function (u) { invoke('SystemService', 'OpenExternal', [u]); },
    LogPrint: noop, LogTrace: noop, LogDebug: noop, LogInfo: noop, LogWarning: noop, LogError: noop, LogFatal: noop,
    WindowSetTitle: noop, Environment: function () { return Promise.resolve({ buildType: 'harness', platform: 'browser', arch: '' }); },
  };
})();`
