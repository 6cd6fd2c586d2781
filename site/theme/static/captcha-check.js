// The spam-check step (captcha-check.html), with hCaptcha chosen: when hCaptcha's widget on
// this page hands over its token, the token is left in this tab's sessionStorage and the
// reporter goes on to the report form, whose script (send.js) sends it and forgets it. The
// check page replaces itself in the history, so Back never returns to it. "Without the check"
// is remembered for the tab, so the form does not send the reporter here again.
(function () {
  "use strict";
  var TOKEN_KEY = "lookout-hcaptcha";
  var SKIPPED_KEY = "lookout-hcaptcha-skipped";
  var root = document.querySelector("[data-lookout-check]");
  if (!root) {
    return;
  }
  var next = root.getAttribute("data-next");

  function remember(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (e) {
      // storage off: the form is sent without the token, and stored unverified
    }
  }

  // hCaptcha calls the function its widget's data-callback names, on the window.
  window.lookoutCaptchaDone = function (token) {
    remember(TOKEN_KEY, token);
    window.location.replace(next);
  };

  var skip = root.querySelector("[data-lookout-skip-check]");
  if (skip) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      remember(SKIPPED_KEY, "1");
      window.location.replace(next);
    });
  }
})();
