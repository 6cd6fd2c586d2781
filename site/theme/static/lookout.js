// Lookout's only page script. Everything works without it; it adds:
// - quick exit: the button, or Shift pressed three times within five seconds, replaces this
//   page (and its history entry) with a neutral site, as GOV.UK's "Exit this page" does;
// - on report forms, a random idempotency key and the time the form was opened;
// - a working print button on the receipt page.
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 5000;

  function exitPage(url) {
    var overlay = document.querySelector(".exit-this-page__overlay");
    if (overlay) {
      overlay.hidden = false;
    }
    // The overlay holds "Loading." in the page's language.
    document.title = overlay ? overlay.textContent.trim() : "Loading.";
    // replace() swaps this entry for the neutral site, so Back does not return here.
    window.location.replace(url);
  }

  function setUpQuickExit() {
    var container = document.querySelector(".exit-this-page");
    if (!container) {
      return;
    }
    var url = container.getAttribute("data-exit-url");
    var button = container.querySelector(".exit-this-page__button");
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        exitPage(url);
      });
    }
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") {
        presses = [];
        return;
      }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
      presses.push(now);
      if (presses.length >= SHIFT_PRESSES) {
        presses = [];
        exitPage(url);
      }
    });
  }

  function randomKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // A fresh key on every showing of the form, even one the browser restored from history:
  // the key derives the receipt, so a form left on a shared device must not hand the last
  // report's receipt to whoever presses Back and sends it again. Double submits from one
  // showing still share the key and are stored once.
  function freshKeys() {
    var keys = document.querySelectorAll("form[action='/api/reports'] input[name='idempotency_key']");
    Array.prototype.forEach.call(keys, function (key) {
      if (window.crypto) {
        key.value = randomKey();
      }
    });
  }

  function setUpReportForms() {
    freshKeys();
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        freshKeys();
      }
    });
    var forms = document.querySelectorAll("form[action='/api/reports']");
    Array.prototype.forEach.call(forms, function (form) {
      var started = form.querySelector("input[name='started_at']");
      if (started && !started.value) {
        started.value = String(Date.now());
      }
    });
    // A form shown again with errors: move focus to the first problem.
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // The receipt page's print button is hidden until this script can make it work.
  function setUpPrintButtons() {
    var buttons = document.querySelectorAll("[data-lookout-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function start() {
    setUpQuickExit();
    setUpReportForms();
    setUpPrintButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
