// whosaid: small enhancements only; every page reads without this file.
// Hovering or focusing any piece of a statement lights up all of its
// pieces (source, cue and content) in the article text.
(function () {
  "use strict";
  function light(a, on) {
    if (a === null || a === "-1") { return; }
    document.querySelectorAll('mark[data-a="' + a.replace(/[^0-9-]/g, "") + '"]').forEach(function (m) {
      m.classList.toggle("lit", on);
    });
  }
  ["mouseover", "focusin"].forEach(function (ev) {
    document.addEventListener(ev, function (e) {
      var t = e.target.closest && e.target.closest("[data-a]");
      if (t) { light(t.getAttribute("data-a"), true); }
    });
  });
  ["mouseout", "focusout"].forEach(function (ev) {
    document.addEventListener(ev, function (e) {
      var t = e.target.closest && e.target.closest("[data-a]");
      if (t) { light(t.getAttribute("data-a"), false); }
    });
  });
})();
