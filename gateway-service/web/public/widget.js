/*! SMART Support chat widget loader. On a shop's page:
 *  <script src="https://SMART-HOST/widget.js" data-site="SITE_ID" async></script>
 *  then, for a signed-in customer, SmartSupport.identify(identityTokenFromYourBackend).
 *  Adds a launcher button; the chat opens in a frame served by SMART Support. Never blocks the page. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || (window.SmartSupport && window.SmartSupport.version)) return;
  var site = script.getAttribute('data-site') || '';
  var base = new URL(script.src, location.href);
  var origin = base.origin;
  var label = script.getAttribute('data-label') || 'Chat with us';
  var frame = null,
    box = null,
    ready = false,
    pending = null,
    open = false;

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
  }

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('data-smart-support', 'launcher');
  css(button, {
    position: 'fixed',
    right: '20px',
    bottom: '20px',
    zIndex: '2147483000',
    padding: '12px 18px',
    border: '0',
    borderRadius: '24px',
    background: '#1d4ed8',
    color: '#fff',
    font: '600 16px system-ui, sans-serif',
    boxShadow: '0 4px 14px rgba(0,0,0,.25)',
    cursor: 'pointer',
  });

  function ensureFrame() {
    if (frame) return;
    box = document.createElement('div');
    box.setAttribute('data-smart-support', 'panel');
    css(box, {
      position: 'fixed',
      right: '20px',
      bottom: '80px',
      zIndex: '2147483000',
      width: 'min(400px, calc(100vw - 40px))',
      height: 'min(640px, calc(100vh - 120px))',
      display: 'none',
      borderRadius: '12px',
      overflow: 'hidden',
      boxShadow: '0 8px 30px rgba(0,0,0,.3)',
      background: '#fff',
    });
    frame = document.createElement('iframe');
    frame.title = 'Customer support chat';
    frame.src = origin + '/widget.html?site=' + encodeURIComponent(site);
    frame.setAttribute('allow', 'clipboard-write');
    css(frame, { width: '100%', height: '100%', border: '0' });
    box.appendChild(frame);
    document.body.appendChild(box);
  }

  function send() {
    if (ready && pending && frame) {
      frame.contentWindow.postMessage({ type: 'smart-support:identify', identityToken: pending }, origin);
      pending = null;
    }
  }

  function toggle(show) {
    ensureFrame();
    open = show;
    box.style.display = show ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(show));
    if (show) frame.focus();
  }

  window.addEventListener('message', function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin || !e.data) return;
    if (e.data.type === 'smart-support:ready') {
      ready = true;
      send();
    }
    if (e.data.type === 'smart-support:close' && open) {
      toggle(false);
      button.focus();
    }
  });

  button.addEventListener('click', function () {
    toggle(!open);
  });
  document.addEventListener('keydown', function (e) {
    if (open && e.key === 'Escape') {
      toggle(false);
      button.focus();
    }
  });

  window.SmartSupport = {
    version: 1,
    /** Signs the shop's customer in: a short-lived identity token signed by the shop's backend. */
    identify: function (identityToken) {
      pending = String(identityToken);
      if (document.body) {
        ensureFrame();
        send();
      } else
        document.addEventListener('DOMContentLoaded', function () {
          ensureFrame();
          send();
        });
    },
    open: function () {
      toggle(true);
    },
    close: function () {
      toggle(false);
    },
  };

  function mount() {
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
