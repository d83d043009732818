// The page editor's Checks panel: say whether the accessibility checks ran.
// Wagtail writes the issue count when axe has run on the preview; until then the panel
// says the checks have not run, and after a while that they could not (no preview).
(function () {
  "use strict";
  var WAIT_MS = 15000;

  function setUp() {
    var panel = document.querySelector('[data-side-panel="checks"]');
    if (!panel) return;
    var count = panel.querySelector("[data-content-checker-count]");
    var status = panel.querySelector("[data-checks-status]");
    if (!count || !status) return;
    var ran = false;
    var timer = null;

    new MutationObserver(function () {
      ran = true;
      status.hidden = true;
      panel.setAttribute("data-checks-ran", "true");
    }).observe(count, { childList: true, characterData: true, subtree: true });

    function expectResults() {
      if (ran || timer) return;
      timer = window.setTimeout(function () {
        timer = null;
        if (!ran) {
          status.textContent = status.getAttribute("data-failed-text");
          status.classList.remove("help-info");
          status.classList.add("help-warning");
          panel.setAttribute("data-checks-ran", "false");
        }
      }, WAIT_MS);
    }

    panel.addEventListener("show", expectResults);
    if (!panel.hidden) expectResults();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
