// Sends the report and follow-up forms with fetch, so an answer (a receipt, a thread) is drawn
// into the page and never becomes a history entry: Back, Forward and Reload cannot show it
// again. Without this script the forms post to their `action`, the functions' unverified lane,
// and work all the same.
//
// - Spam check: the first time the reporter touches a form, a challenge is fetched from the
//   site's own functions and solved (altcha.js), so the answer is ready when they send; it goes
//   in the `altcha` field to the verified lane (`data-verified-action`). With hCaptcha chosen
//   (`<meta name="lookout-spam" content="hcaptcha <site key>">`), the report form sends the token its own
//   check page left in sessionStorage instead. Either missing: the form is sent without it and
//   the verified lane hands it on (307) to the unverified one. Nothing is ever refused for it.
// - The answer page's <main> and title replace this page's, with no new history entry; the
//   page components start on the new content (error summary focus, counts, reveals, print).
// - After an answer, the page is emptied when it is left (pagehide) and loaded again when the
//   browser brings it back from its back-forward cache (pageshow), so it shows an empty form.
// - Once an answer is drawn, `lookout:answer` is dispatched on the document ({status}).
// - Busy: on 429, any 5xx, an answer that is not one of the functions' own pages (a gateway's
//   bare JSON, a CDN's error page), no network or no answer in time, the form stays as it is
//   with every answer, a notice in the form's language (its `data-busy-*` strings) says so,
//   and the same submission is sent again after a growing wait (a countdown, a "try now"
//   button, at most BACKOFF_S.length automatic tries; a bare 4xx that is not 429 is tried
//   again only by the button). Each try carries the same idempotency key and
//   the same solved challenge, so a report stored whose answer was lost gets its receipt back
//   instead of being stored twice (on the verified lane: one the strict lane took, without a
//   solved challenge, is a new report each time, as ARCHITECTURE.md says). `lookout:busy` is dispatched ({status, tries}) each time.
(function () {
  "use strict";
  var CHALLENGE_URL = "/api/challenge";
  // How long a send waits for an answer still being worked out, before going without it.
  var WAIT_MS = 8000;
  // An answer this close to its expiry is worked out again.
  var MARGIN_MS = 60000;
  var TOKEN_KEY = "lookout-hcaptcha";
  var SKIPPED_KEY = "lookout-hcaptcha-skipped";
  var FORMS = "form[data-lookout-form]";
  // What only the functions' own answer pages hold: a receipt, a form, a follow-up thread.
  var OWN_ANSWER = ".lookout-receipt, form[data-lookout-form], .lookout-follow-up";
  // An answer that takes longer is taken for none (the functions answer within 12 s).
  var ANSWER_TIMEOUT_MS = 20000;
  // Seconds before each automatic try after a busy answer; then only the button.
  var BACKOFF_S = [5, 10, 20, 40];
  var answered = false;

  // `altcha`, or `hcaptcha <site key>`.
  function spam() {
    var meta = document.querySelector("meta[name='lookout-spam']");
    return meta ? meta.getAttribute("content").split(" ")[0] : "altcha";
  }

  // --- the spam check --------------------------------------------------------------------

  /** Resolves to {value, expires} (the `altcha` field), or null when there is none to be had. */
  function prepare() {
    if (!window.fetch || !window.LookoutAltcha) {
      return Promise.resolve(null);
    }
    return fetch(CHALLENGE_URL, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("no challenge: " + response.status);
        }
        return response.json();
      })
      .then(function (challenge) {
        return window.LookoutAltcha.solve(challenge).then(function (value) {
          return { value: value, expires: window.LookoutAltcha.expiresAt(challenge) };
        });
      })
      .catch(function () { return null; });
  }

  /** One answer per form, worked out once, again before it expires, and again after a send. */
  function checker() {
    var pending = null;
    var timer = null;
    function start() {
      clearTimeout(timer);
      pending = prepare();
      pending.then(function (answer) {
        if (answer && answer.expires !== Infinity) {
          var delay = Math.max(10000, answer.expires - Date.now() - MARGIN_MS);
          timer = setTimeout(start, delay);
        }
      });
    }
    return {
      warm: function () {
        if (!pending) {
          start();
        }
      },
      /** The answer for a send (null if none in time); the next send needs a new one. */
      take: function () {
        if (!pending) {
          start();
        }
        var current = pending;
        pending = null;
        clearTimeout(timer);
        var late = new Promise(function (resolve) { setTimeout(resolve, WAIT_MS, null); });
        // One more try if the first found none (the network was away, say), in the same time.
        var tried = current.then(function (answer) { return answer || prepare(); });
        return Promise.race([tried, late]).then(function (answer) {
          return answer && answer.expires - Date.now() > 5000 ? answer.value : null;
        });
      },
    };
  }

  function hcaptchaToken() {
    try {
      var token = window.sessionStorage.getItem(TOKEN_KEY);
      window.sessionStorage.removeItem(TOKEN_KEY);
      return token;
    } catch (e) {
      return null;
    }
  }

  /** With hCaptcha chosen, the form's own page sends the reporter to the check first, once. */
  function toCheckStep() {
    var meta = document.querySelector("meta[name='lookout-spam'][data-check-url]");
    var form = document.querySelector("form[data-lookout-form='report']");
    if (!meta || !form || answered) {
      return;
    }
    try {
      if (window.sessionStorage.getItem(TOKEN_KEY) || window.sessionStorage.getItem(SKIPPED_KEY)) {
        return;
      }
    } catch (e) {
      return;
    }
    window.location.replace(meta.getAttribute("data-check-url"));
  }

  // --- sending and drawing the answer ----------------------------------------------------

  function submitButton(form) {
    return form.querySelector("button[type='submit'], button:not([type])");
  }

  /** The answer page's content in place of this page's; false if it is not such a page. */
  function draw(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var incoming = doc.querySelector("main");
    var main = document.querySelector("main");
    if (!incoming || !main || !incoming.querySelector(OWN_ANSWER)) {
      return false;
    }
    var nodes = Array.prototype.slice.call(incoming.childNodes).map(function (node) {
      return document.adoptNode(node);
    });
    main.replaceChildren.apply(main, nodes);
    document.title = doc.title;
    answered = true;
    window.scrollTo(0, 0);
    // Drawn is drawn: a fault in a component below must not send the form a second time.
    try {
      if (window.LookoutPage) {
        window.LookoutPage.start(main);
      }
      enhanceAll(main);
    } catch (e) {
      // the content is there, only less helpful
    }
    // An error summary takes focus itself (LookoutPage); anything else is a new page, so the
    // reader starts at its heading.
    if (!main.contains(document.activeElement) || document.activeElement === main) {
      var heading = main.querySelector("h1") || main;
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    return true;
  }

  function clear(form) {
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll("input[type='hidden']"), function (input) {
      if (input.name !== "lang") {
        input.value = "";
      }
    });
  }

  /** One post; resolves to {status, html} (html null when the answer is not a page). */
  function post(target, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, ANSWER_TIMEOUT_MS) : null;
    return fetch(target, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "follow",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        var page = /text\/html/.test(response.headers.get("content-type") || "");
        return Promise.all([response.status, page ? response.text() : null]);
      })
      .then(function (result) {
        clearTimeout(timer);
        return { status: result[0], html: result[1] };
      }, function (error) {
        clearTimeout(timer);
        throw error;
      });
  }

  /** The form's answers now, with the first try's idempotency key and spam answer. */
  /** The notice in the form while it waits to try again; the form keeps every answer. */
  function busyNotice(form) {
    var notice = form.querySelector("[data-lookout-busy]");
    if (notice) {
      return notice;
    }
    notice = document.createElement("div");
    notice.className = "lookout-busy";
    notice.setAttribute("data-lookout-busy", "");
    var message = document.createElement("p");
    message.className = "lookout-busy__message";
    message.setAttribute("role", "status");
    var countdown = document.createElement("p");
    countdown.className = "lookout-busy__countdown";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = form.getAttribute("data-busy-try-now") || "Try now";
    notice.appendChild(message);
    notice.appendChild(countdown);
    notice.appendChild(button);
    var submit = submitButton(form);
    form.insertBefore(notice, submit || null);
    return notice;
  }

  function sending(form, on) {
    var button = submitButton(form);
    if (on) {
      form.setAttribute("data-sending", "true");
      if (button) {
        button.setAttribute("aria-disabled", "true");
      }
    } else {
      form.removeAttribute("data-sending");
      if (button) {
        button.removeAttribute("aria-disabled");
      }
    }
  }

  /** Says the service is busy, and tries again after a countdown (or at the button). */
  function busy(form, retry, status, tries) {
    sending(form, false);
    var notice = busyNotice(form);
    var message = notice.querySelector(".lookout-busy__message");
    var countdown = notice.querySelector(".lookout-busy__countdown");
    var button = notice.querySelector("button");
    var wait = BACKOFF_S[tries - 1];
    var timer = null;
    var go = function () {
      clearInterval(timer);
      button.onclick = null;
      retry(tries);
    };
    button.onclick = go;
    if (wait === undefined) {
      message.textContent = form.getAttribute("data-busy-gave-up") || "";
      countdown.textContent = "";
    } else {
      // Some spread, so the pages a flood held up do not all come back in the same second.
      var left = Math.round(wait * (0.8 + Math.random() * 0.4));
      var say = function () {
        countdown.textContent = (form.getAttribute("data-busy-retry-in") || "").replace("{seconds}", String(left));
      };
      message.textContent = form.getAttribute("data-busy-message") || "";
      say();
      timer = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          go();
        } else {
          say();
        }
      }, 1000);
    }
    document.dispatchEvent(new CustomEvent("lookout:busy", { detail: { status: status, tries: tries } }));
  }

  /**
   * Sends `first` (the first try's body) again at every try, until an answer is drawn: the
   * same key, challenge and answers, so a report stored whose answer was lost is found again
   * (its receipt) rather than stored twice. An answer that is neither a page nor a busy
   * refusal (a bare 4xx of the platform's) is not worth trying again by itself: it goes
   * straight to the "still busy" words, with the button to try by hand.
   */
  function attempt(form, target, first) {
    var retry = function (tries) {
      sending(form, true);
      post(target, first).then(function (result) {
        var status = result.status;
        var busyAnswer = status === 429 || status >= 500;
        if (busyAnswer || result.html === null || !draw(result.html)) {
          var refused = !busyAnswer && status >= 400;
          busy(form, retry, status, refused ? BACKOFF_S.length + 1 : tries + 1);
          return;
        }
        if (status >= 200 && status < 300) {
          clear(form); // out of the page already; nothing of it is kept
        }
        document.dispatchEvent(new CustomEvent("lookout:answer", { detail: { status: status } }));
      }, function () {
        busy(form, retry, 0, tries + 1); // no network, or no answer in time
      });
    };
    retry(0);
  }

  function send(form, check, event) {
    event.preventDefault();
    if (form.getAttribute("data-sending") === "true") {
      return; // a second press while the first is on its way
    }
    var notice = form.querySelector("[data-lookout-busy] button");
    if (notice) {
      notice.click(); // waiting to try again: the submit button tries now
      return;
    }
    sending(form, true);
    var body = new URLSearchParams(new FormData(form));
    var hcaptcha = spam() === "hcaptcha" && form.getAttribute("data-lookout-form") === "report";
    var spamField = hcaptcha ? Promise.resolve(hcaptchaToken()) : check.take();
    spamField.then(function (value) {
      if (value) {
        body.set(hcaptcha ? "h-captcha-response" : "altcha", value);
      }
      attempt(form, form.getAttribute("data-verified-action") || form.getAttribute("action"), body);
    });
  }

  function enhance(form) {
    if (form.getAttribute("data-lookout-sender") === "on") {
      return;
    }
    form.setAttribute("data-lookout-sender", "on");
    var check = checker();
    var warm = function () { check.warm(); };
    if (answered) {
      warm(); // a form drawn with an answer (its errors, the thread's message box): in use already
    } else {
      form.addEventListener("focusin", warm, { once: true });
      form.addEventListener("input", warm, { once: true });
    }
    form.addEventListener("submit", function (event) { send(form, check, event); });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll(FORMS), enhance);
  }

  // --- leaving and coming back -------------------------------------------------------------

  window.addEventListener("pagehide", function () {
    if (answered) {
      var main = document.querySelector("main");
      if (main) {
        main.replaceChildren();
      }
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && answered) {
      window.location.reload();
    }
  });

  function start() {
    if (!window.fetch || !window.URLSearchParams || !window.DOMParser || !Element.prototype.replaceChildren) {
      return; // an old browser posts the forms itself
    }
    enhanceAll(document);
    if (spam() === "hcaptcha") {
      toCheckStep();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
