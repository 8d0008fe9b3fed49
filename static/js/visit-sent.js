/* The application was sent: the draft static/js/visit-form.js kept in this browser goes. */
(function () {
  "use strict";
  try { window.localStorage.removeItem("twinning:visit-application-draft"); } catch (e) { /* none kept */ }
})();
