// Keys of the review page; "?" shows the list.

function typing(event) {
  const el = event.target;
  return el.closest("input, textarea, select, [contenteditable]") !== null;
}

export function setupKeyboard(actions) {
  const help = document.getElementById("keys-help");
  const close = document.getElementById("keys-close");
  let returnFocus = null;

  function toggleHelp(show) {
    if (show) {
      returnFocus = document.activeElement;
      help.hidden = false;
      close.focus();
    } else {
      help.hidden = true;
      if (returnFocus) returnFocus.focus();
    }
  }
  close.addEventListener("click", () => toggleHelp(false));

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (!help.hidden) return toggleHelp(false);
      if (typing(event)) return event.target.blur();
      return actions.clearSelection();
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      if (actions.extendSelection(event.key === "ArrowRight" ? "forward" : "backward")) event.preventDefault();
      return;
    }
    const handler = {
      "?": () => toggleHelp(help.hidden),
      j: () => actions.moveClaim(1),
      k: () => actions.moveClaim(-1),
      t: () => actions.focusField("tags"),
      v: () => actions.focusField("verdict"),
      e: () => actions.focusField("evidence"),
      s: () => actions.submitForReview(),
      a: () => actions.annotateSelection(),
    }[event.key];
    if (handler && help.hidden) {
      event.preventDefault();
      handler();
    } else if (event.key === "?") {
      event.preventDefault();
      toggleHelp(false);
    }
  });
}
