// CJM Studio phone page: the few lines htmx does not do. No framework: htmx does the requests and swaps.
// * a banner while the server cannot be reached (htmx keeps polling and the banner goes once it answers);
// * data-ready on <html> once htmx has set up the page (what the benchmark's time to interactive waits for).
(function () {
  "use strict";
  var root = document.documentElement;
  document.addEventListener("htmx:sendError", function () { root.classList.add("offline"); });
  document.addEventListener("htmx:responseError", function () { root.classList.add("offline"); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful || (event.detail.xhr && event.detail.xhr.status < 500)) {
      root.classList.remove("offline");
    }
  });
  if (window.htmx) {
    window.htmx.onLoad(function (element) {
      if (element === document.body) { root.setAttribute("data-ready", ""); }
    });
  }
})();
