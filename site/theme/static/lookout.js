// Lookout's only page script. Everything works without it. Each part is one component,
// started for the elements that ask for it (GOV.UK Frontend's `data-module`), so a new one (a
// form sent with fetch, say) is one more function and one more line in start():
// - quick exit: the button, or Shift pressed three times within five seconds, replaces this
//   page (and its history entry) with a neutral site, as GOV.UK's "Exit this page" does;
// - report forms: a random idempotency key and the time the form was opened;
// - error summary: focus moves to it; its links focus the field and show its question;
// - character count: the hard limit is lifted and a live count shown instead;
// - conditional reveal: a choice shows what belongs to it ("earlier" shows the date fields);
// - grouped choices: the chosen trade's signs first, the others behind one control;
// - print buttons on the receipt page.
// The components also start on content drawn into the page later (send.js draws the answer
// to a form sent with fetch): window.LookoutPage.start(root).
(function () {
  "use strict";
  // CSS hides what the script can reveal only once this class is there.
  document.documentElement.classList.add("lookout-js");
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
  var REPORT_FORMS = "form[data-lookout-form='report']";

  function freshKeys() {
    var keys = document.querySelectorAll(REPORT_FORMS + " input[name='idempotency_key']");
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
  }

  // A form shown again with errors keeps the key and time it was first sent with.
  function reportForm(form) {
    var started = form.querySelector("input[name='started_at']");
    if (started && !started.value) {
      started.value = String(Date.now());
    }
    var key = form.querySelector("input[name='idempotency_key']");
    if (key && !key.value && window.crypto) {
      key.value = randomKey();
    }
  }

  function each(root, selector, component) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), component);
  }

  // --- error summary (GOV.UK v5) -------------------------------------------------------------

  function legendOrLabelOf(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset && (input.type === "radio" || input.type === "checkbox")) {
      return fieldset.querySelector("legend");
    }
    return document.querySelector("label[for='" + input.id + "']") || input.closest("label");
  }

  function errorSummary(root) {
    // Focus once, on arrival; the tabindex goes again so the box is not a tab stop.
    root.setAttribute("tabindex", "-1");
    root.addEventListener("blur", function () { root.removeAttribute("tabindex"); }, { once: true });
    root.focus();
    // A link focuses its field with the question in view above it, as GOV.UK's does.
    root.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var question = input && legendOrLabelOf(input);
      if (!question) {
        return;
      }
      event.preventDefault();
      // A field put away behind a disclosure (another trade's signs) is brought out first.
      var closed = input.closest("details:not([open])");
      if (closed) {
        closed.open = true;
      }
      question.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // --- character count (GOV.UK) --------------------------------------------------------------

  // Unicode scalar values, the unit the functions count in (`character_count`).
  function characters(text) {
    return Array.from(text).length;
  }

  function characterCount(root) {
    var box = root.querySelector("textarea");
    var info = root.querySelector(".character-count__message");
    var max = Number(root.getAttribute("data-maxlength"));
    if (!box || !info || !max) {
      return;
    }
    // The server has the last word; the browser's own limit would cut pasted text silently.
    box.removeAttribute("maxlength");
    // The limit stays the box's description, out of sight; the count takes its place.
    info.classList.add("visually-hidden");
    var visible = document.createElement("p");
    visible.className = "hint character-count__message character-count__status";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden character-count__sr-status";
    spoken.setAttribute("aria-live", "polite");
    info.parentNode.insertBefore(visible, info.nextSibling);
    info.parentNode.insertBefore(spoken, visible.nextSibling);
    var left = root.getAttribute("data-text-left") || "{count}";
    var over = root.getAttribute("data-text-over") || "-{count}";
    function message() {
      var remaining = max - characters(box.value);
      return remaining >= 0 ? left.replace("{count}", remaining) : over.replace("{count}", -remaining);
    }
    function show() {
      var tooMany = characters(box.value) > max;
      visible.textContent = message();
      visible.classList.toggle("character-count__status--over", tooMany);
      box.classList.toggle("textarea--error", tooMany);
    }
    // Read out once typing pauses, not at every key.
    var pause;
    box.addEventListener("input", function () {
      show();
      clearTimeout(pause);
      pause = setTimeout(function () { spoken.textContent = message(); }, 1000);
    });
    window.addEventListener("pageshow", show);
    show();
  }

  // --- conditional reveal (GOV.UK radios) ----------------------------------------------------

  function hasTyped(element) {
    return Array.prototype.some.call(element.querySelectorAll("input[type='text']"), function (input) {
      return input.value.trim() !== "";
    });
  }

  function conditionalReveal(form) {
    var inputs = form.querySelectorAll("input[data-aria-controls]");
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("aria-controls", input.getAttribute("data-aria-controls"));
      input.removeAttribute("data-aria-controls");
    });
    // No aria-expanded, unlike GOV.UK's script: ARIA does not allow it on a radio, and axe
    // (WCAG's aria-allowed-attr) refuses it; aria-controls names what the choice shows.
    function sync() {
      Array.prototype.forEach.call(inputs, function (input) {
        input.getAttribute("aria-controls").split(" ").forEach(function (id) {
          var target = document.getElementById(id);
          // Typed answers are never hidden, even beside another choice.
          if (target && target.classList.contains("conditional")) {
            target.classList.toggle("conditional--hidden", !input.checked && !hasTyped(target));
          }
        });
      });
    }
    // Choosing one radio unchecks the others, so every input is synced on any change.
    form.addEventListener("change", sync);
    window.addEventListener("pageshow", sync);
    sync();
  }

  // --- grouped choices: the signs of the chosen trade first ----------------------------------

  function groupedChoices(root) {
    var form = root.closest("form");
    var by = root.getAttribute("data-grouped-by");
    if (!form || !by) {
      return;
    }
    var groups = Array.prototype.filter.call(root.children, function (el) {
      return el.classList.contains("choice-group");
    });
    var others = document.createElement("details");
    others.className = "other-groups";
    var summary = document.createElement("summary");
    summary.textContent = root.getAttribute("data-other-groups");
    others.appendChild(summary);
    root.appendChild(others);
    function arrange() {
      var chosen = form.querySelector("input[type='radio'][name='" + by + "']:checked");
      var trade = chosen ? chosen.value : null;
      var first = groups.filter(function (g) { return g.getAttribute("data-group") === trade; });
      var anyone = groups.filter(function (g) { return g.getAttribute("data-group") === ""; });
      var rest = groups.filter(function (g) { return first.indexOf(g) < 0 && anyone.indexOf(g) < 0; });
      first.concat(anyone).forEach(function (g) { root.insertBefore(g, others); });
      rest.forEach(function (g) { others.appendChild(g); });
      others.hidden = rest.length === 0;
      // Nothing ticked is ever out of sight: ticks stay when the trade changes, and show.
      if (rest.some(function (g) { return g.querySelector("input:checked"); })) {
        others.open = true;
      }
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === by) {
        arrange();
      }
    });
    window.addEventListener("pageshow", arrange);
    arrange();
  }

  // The receipt page's print button is hidden until this script can make it work.
  function printButton(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  // The components of `root` (the document, or content drawn into it).
  function components(root) {
    each(root, REPORT_FORMS, reportForm);
    each(root, "[data-module='character-count']", characterCount);
    each(root, "form.lookout-form", conditionalReveal);
    each(root, "[data-module='grouped-choices']", groupedChoices);
    each(root, "[data-lookout-print]", printButton);
    // Last, so focus lands on the summary after everything else has moved into place.
    each(root, "[data-module='error-summary']", errorSummary);
  }

  window.LookoutPage = { start: components };

  function start() {
    setUpQuickExit();
    setUpReportForms();
    components(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
