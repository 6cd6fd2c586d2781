// lookout serve's live reload: reloads the page after each good rebuild, and shows a failed
// rebuild's error over the page (file, line and key, as the terminal says it) until the next
// good one. The page below stays the last good version.
(function () {
  'use strict';
  var ID = 'lookout-build-error';
  var events = new EventSource('/_lookout/events');
  events.onmessage = function (event) {
    if (event.data === 'reload') {
      location.reload();
    }
  };
  events.addEventListener('build-error', function (event) {
    show(JSON.parse(event.data).message);
  });
  events.addEventListener('build-ok', hide);

  function hide() {
    var box = document.getElementById(ID);
    if (box) {
      box.remove();
    }
  }

  function show(message) {
    hide();
    var box = document.createElement('section');
    box.id = ID;
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', ID + '-title');
    // It may scroll (a long list of errors), so it takes keyboard focus.
    box.tabIndex = 0;
    var style = box.style;
    style.position = 'fixed';
    style.left = '0';
    style.right = '0';
    style.bottom = '0';
    style.maxHeight = '60vh';
    style.overflow = 'auto';
    style.zIndex = '2147483647';
    style.background = '#fff';
    style.color = '#0b0c0c';
    style.borderTop = '8px solid #d4351c';
    style.padding = '1rem 1.25rem';
    style.boxShadow = '0 -2px 12px rgba(0, 0, 0, 0.3)';
    style.font = '1rem/1.4 system-ui, sans-serif';
    style.direction = 'ltr';
    style.textAlign = 'left';
    var title = document.createElement('h2');
    title.id = ID + '-title';
    title.textContent = 'The site could not be rebuilt';
    title.style.margin = '0 0 0.5rem';
    var hint = document.createElement('p');
    hint.textContent = 'Fix this and save the file: this page reloads by itself. Until then it shows the last version that built.';
    hint.style.margin = '0 0 0.5rem';
    var text = document.createElement('pre');
    text.textContent = message;
    text.style.whiteSpace = 'pre-wrap';
    text.style.margin = '0';
    text.style.font = '0.95rem/1.4 ui-monospace, monospace';
    box.appendChild(title);
    box.appendChild(hint);
    box.appendChild(text);
    document.body.appendChild(box);
  }
})();
