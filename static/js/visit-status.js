/* The status page: the error summary takes the focus, as on the form; once the application
 * is sent, the draft static/js/visit-form.js kept in this browser goes. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var script = document.currentScript || document.querySelector("script[data-sent]");
  if (script && script.hasAttribute("data-sent")) {
    try { window.localStorage.removeItem("twinning:visit-application-draft"); } catch (e) { /* none kept */ }
  }
})();
