// Keys of the review page; "?" shows the list.

function typing(event) {
  const el = event.target;
  return el.closest("input, textarea, select, [contenteditable]") !== null;
}

export function setupKeyboard(actions) {
  const help = document.getElementById("keys-help");
  const close = document.getElementById("keys-close");
  let returnFocus = null;

  // A modal <dialog> makes the page behind it inert; Tab still cycles inside it, never out.
  function toggleHelp(show) {
    if (show) {
      returnFocus = document.activeElement;
      help.showModal();
      close.focus();
    } else if (help.open) {
      help.close();
    }
  }
  help.addEventListener("close", () => returnFocus?.focus());
  close.addEventListener("click", () => toggleHelp(false));
  help.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const focusable = [...help.querySelectorAll("a[href], button:not([disabled]), input, select, textarea, [tabindex]")];
    const at = focusable.indexOf(document.activeElement);
    const next = at + (event.shiftKey ? -1 : 1);
    event.preventDefault();
    focusable[(next + focusable.length) % focusable.length]?.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (help.open) return toggleHelp(false);
      if (typing(event)) return event.target.blur();
      return actions.clearSelection();
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      if (actions.extendSelection(event.key === "ArrowRight" ? "forward" : "backward")) event.preventDefault();
      return;
    }
    const handler = {
      "?": () => toggleHelp(!help.open),
      j: () => actions.moveClaim(1),
      k: () => actions.moveClaim(-1),
      t: () => actions.focusField("tags"),
      v: () => actions.focusField("verdict"),
      e: () => actions.focusField("evidence"),
      s: () => actions.submitForReview(),
      a: () => actions.annotateSelection(),
    }[event.key];
    if (handler && !help.open) {
      event.preventDefault();
      handler();
    } else if (event.key === "?") {
      event.preventDefault();
      toggleHelp(false);
    }
  });
}
