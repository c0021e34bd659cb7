/* Every page: htmx does not swap error answers, so say so instead of leaving the page
   silent. A static file, not an inline script: the Content-Security-Policy allows only
   scripts from this site. */
(function () {
  "use strict";

  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.addEventListener(name, function () {
      var notice = document.getElementById("request-error");
      if (notice) notice.hidden = false;
    });
  });
})();
