// PIU pages: while a re-screening runs, refresh its progress every few seconds.
(function () {
  "use strict";
  var running = document.querySelector("[data-screening-running]");
  if (running) {
    window.setTimeout(function () { window.location.reload(); }, 3000);
  }
})();
