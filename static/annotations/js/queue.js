// The editor's queue from the keyboard: j/k move, a approves, r/c reject or send back with a
// comment, x selects for bulk approval, ? shows the keys. Decisions are sent with fetch and the
// item is replaced by the server's HTML; without JavaScript the same forms post and redirect.

const queue = document.querySelector(".queue");
const status = document.getElementById("queue-status");
const shortcuts = document.getElementById("shortcuts");
const total = document.querySelector("[data-queue-total]");
const selectAll = document.querySelector("[data-select-all]");
const selectedCount = document.querySelector("[data-selected-count]");

const DECISION_LABELS = { reject: "Reject", request_changes: "Request changes" };

function items() {
  return Array.from(document.querySelectorAll("[data-queue-item]"));
}

function undecided() {
  return items().filter((item) => !item.classList.contains("is-decided"));
}

function currentItem() {
  return document.activeElement?.closest?.("[data-queue-item]") ?? null;
}

function announce(text) {
  if (!status) return;
  // Clear first so the same words twice are still read out.
  status.textContent = "";
  window.setTimeout(() => { status.textContent = text; }, 30);
}

function focusItem(item) {
  if (!item) return;
  item.focus({ preventScroll: true });
  item.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function move(step) {
  const all = items();
  const here = all.indexOf(currentItem());
  const next = here === -1 ? (step > 0 ? all[0] : all[all.length - 1]) : all[here + step];
  if (next) focusItem(next);
}

function nextAfter(item) {
  const open = undecided();
  const all = items();
  const here = all.indexOf(item);
  return open.find((other) => all.indexOf(other) > here) ?? open[open.length - 1] ?? null;
}

function csrfToken(form) {
  return form.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
}

function replaceItem(item, html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const fresh = template.content.querySelector("[data-queue-item]");
  if (!fresh) return item;
  item.replaceWith(fresh);
  return fresh;
}

async function decide(form, submitter) {
  const item = form.closest("[data-queue-item]");
  const body = new FormData(form, submitter);
  const buttons = form.querySelectorAll("button");
  buttons.forEach((button) => { button.disabled = true; });
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "X-Axis-Fragment": "queue-item" },
    });
  } catch {
    buttons.forEach((button) => { button.disabled = false; });
    announce("The decision could not be sent: check the connection and try again.");
    return;
  }
  if (response.status !== 200 && response.status !== 400) {
    // 403, 404 or a server error: let the page itself explain, as it would without JavaScript.
    buttons.forEach((button) => { button.disabled = false; });
    form.submit();
    return;
  }
  const fresh = replaceItem(item, await response.text());
  // The fresh item's "Select" box is unticked: a newer version has not been chosen yet.
  updateSelected();
  if (response.status === 400) {
    const invalid = fresh.querySelector("[aria-invalid=true]") ?? fresh.querySelector("[role=alert]");
    const message = fresh.querySelector(".field-error, [role=alert]")?.textContent.trim();
    announce(message || "The decision was refused.");
    if (invalid) {
      if (!invalid.hasAttribute("tabindex") && !/^(TEXTAREA|INPUT|SELECT|BUTTON)$/.test(invalid.tagName)) {
        invalid.setAttribute("tabindex", "-1");
      }
      invalid.focus();
    } else {
      focusItem(fresh);
    }
    return;
  }
  if (total && fresh.classList.contains("is-decided")) {
    total.textContent = String(Math.max(0, Number(total.textContent) - 1));
  }
  const decided = fresh.querySelector("[data-announce]")?.dataset.announce ?? "Decided.";
  const next = nextAfter(fresh);
  if (next) {
    focusItem(next);
    announce(`${decided} Next: ${next.querySelector(".item-title")?.textContent.replace(/\s+/g, " ").trim()}.`);
  } else {
    document.getElementById("queue-h")?.focus();
    announce(`${decided} Nothing else on this page awaits review.`);
  }
}

function setPending(item, decision) {
  const form = item.querySelector("[data-decision-form]");
  if (!form) return;
  form.dataset.pendingDecision = decision;
  const pending = form.querySelector("[data-pending]");
  if (pending) {
    pending.textContent = `Write why, then Ctrl+Enter to ${DECISION_LABELS[decision].toLowerCase()}.`;
  }
  form.querySelector("[data-comment]")?.focus();
}

function submitDecision(item, decision) {
  const form = item?.querySelector("[data-decision-form]");
  if (!form) {
    if (item?.classList.contains("is-own")) announce("You wrote this annotation, so another editor decides on it.");
    return;
  }
  const button = form.querySelector(`button[name=decision][value=${decision}]`);
  if (button) form.requestSubmit(button);
}

function toggleSelected(item) {
  const box = item?.querySelector("[data-select]");
  if (!box) return;
  box.checked = !box.checked;
  updateSelected();
}

function updateSelected() {
  const boxes = Array.from(document.querySelectorAll("[data-select]"));
  const chosen = boxes.filter((box) => box.checked).length;
  if (selectedCount) selectedCount.textContent = chosen ? `${chosen} selected` : "";
  if (selectAll) {
    selectAll.checked = boxes.length > 0 && chosen === boxes.length;
    selectAll.indeterminate = chosen > 0 && chosen < boxes.length;
  }
}

function typing(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKeydown(event) {
  if (event.defaultPrevented) return;
  const target = event.target;
  if (target instanceof HTMLTextAreaElement && target.matches("[data-comment]")) {
    const item = target.closest("[data-queue-item]");
    const form = target.closest("[data-decision-form]");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form?.dataset.pendingDecision) submitDecision(item, form.dataset.pendingDecision);
      else announce("Press Escape, then r to reject or c to request changes; or use the buttons.");
    } else if (event.key === "Escape") {
      event.preventDefault();
      focusItem(item);
    }
    return;
  }
  if (typing(target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const item = currentItem();
  switch (event.key) {
    case "j": move(1); break;
    case "k": move(-1); break;
    case "a": submitDecision(item, "approve"); break;
    case "r":
    case "c": {
      if (!item) return;
      const decision = event.key === "r" ? "reject" : "request_changes";
      const comment = item.querySelector("[data-comment]");
      if (comment?.value.trim()) submitDecision(item, decision);
      else setPending(item, decision);
      break;
    }
    case "x": toggleSelected(item); break;
    case "?":
      if (shortcuts) {
        shortcuts.open = !shortcuts.open;
        if (shortcuts.open) shortcuts.querySelector("summary")?.focus();
      }
      break;
    default:
      return;
  }
  event.preventDefault();
}

if (queue) {
  document.addEventListener("keydown", onKeydown);
  queue.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-decision-form]")) return;
    event.preventDefault();
    decide(form, event.submitter);
  });
  queue.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.matches("[data-select]")) updateSelected();
  });
  if (selectAll) {
    selectAll.closest("label").hidden = false;
    selectAll.addEventListener("change", () => {
      document.querySelectorAll("[data-select]").forEach((box) => { box.checked = selectAll.checked; });
      updateSelected();
    });
  }
  // Arriving from "Decide in the queue" on an annotation's page: start on that item.
  const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target?.matches("[data-queue-item]")) focusItem(target);
}
