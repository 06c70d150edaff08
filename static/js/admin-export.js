// „Alle auswählen“ on the export page: ticks or clears every column of the export at once.
// (django-import-export wires this with an inline handler, which the content security policy blocks.)
(function () {
  "use strict";

  var toggle = document.getElementById("select-all-toggle");
  if (!toggle) {
    return;
  }
  toggle.addEventListener("change", function () {
    var boxes = document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
    Array.prototype.forEach.call(boxes, function (box) {
      if (box !== toggle) {
        box.checked = toggle.checked;
      }
    });
  });
})();
