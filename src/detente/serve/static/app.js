// Article page: legend checkboxes switch highlight layers on and off.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  if (!text) { return; }
  document.querySelectorAll("#legend input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("off-" + box.getAttribute("data-layer"), !box.checked);
    });
  });
})();
