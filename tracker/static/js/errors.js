// After a failed submit the page opens at the form's error summary: the form posts to
// "#errors" (or the summary's own id), which works without JavaScript.  This moves the
// keyboard focus there too, so a screen reader reads the summary and Tab continues from it.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
