// Print buttons (data-print): hidden until this script shows them, so a
// page without JavaScript offers only the browser's own Print.
"use strict";
for (const b of document.querySelectorAll("button[data-print]")) {
  b.hidden = false;
  b.addEventListener("click", () => window.print());
}
