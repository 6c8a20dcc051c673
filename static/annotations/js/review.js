// The review page: select claims, quotes or any text; the side panel shows and saves annotations.
import { selectionOffsets } from "./offsets.js";
import { setupFilters } from "./filters.js";
import { setupKeyboard } from "./keyboard.js";

const text = document.getElementById("article-text");
const panel = document.getElementById("panel");
const panelUrl = text.dataset.panelUrl;
// On a phone the panel is a sheet over the bottom of the screen, opened by choosing something.
const layout = document.querySelector(".review-layout");
const narrow = window.matchMedia("(max-width: 820px)");
const claimIds = [...text.querySelectorAll(".cm")].map((m) => m.dataset.claim);
let current = { key: new URLSearchParams(location.search).get("target"), claimIndex: -1 };
let caret = null;

function mark(key) {
  for (const el of text.querySelectorAll(".sel, .sel-q")) el.classList.remove("sel", "sel-q");
  for (const li of document.querySelectorAll("#claim-list li.current")) li.classList.remove("current");
  if (!key) return;
  const [kind, id] = key.split(":");
  if (kind === "claim") {
    for (const run of text.querySelectorAll(`.s[data-c="${id}"]`)) run.classList.add("sel");
    document.querySelector(`#claim-list li[data-claim="${id}"]`)?.classList.add("current");
    current.claimIndex = claimIds.indexOf(id);
  } else if (kind === "quote") {
    for (const run of text.querySelectorAll(`.s[data-q="${id}"]`)) run.classList.add("sel-q");
  }
}

function scrollToTarget(key) {
  const [kind, id] = key.split(":");
  const selector = kind === "claim" ? `.s[data-c="${id}"]` : kind === "quote" ? `.s[data-q="${id}"]` : null;
  const run = selector && text.querySelector(selector);
  if (!run) return;
  const box = run.getBoundingClientRect();
  // What is visible of the text: above the sheet when it covers the bottom of a phone's screen.
  const bottom = sheetShown() ? panel.getBoundingClientRect().top : window.innerHeight;
  if (box.top < 60 || box.bottom > bottom - 40) window.scrollBy(0, box.top - Math.max(60, (bottom - box.height) / 2));
}

function sheetShown() {
  return narrow.matches && layout.classList.contains("panel-open");
}

function openSheet(open) {
  layout.classList.toggle("panel-open", open);
}
document.getElementById("sheet-close")?.addEventListener("click", () => openSheet(false));

function showPanel(html) {
  panel.innerHTML = html;
  updateSplit();
}

async function openTarget(key, { scroll = false } = {}) {
  current.key = key;
  mark(key);
  openSheet(true);
  if (scroll || narrow.matches) scrollToTarget(key);
  const url = new URL(location.href);
  url.searchParams.set("target", key);
  history.replaceState(null, "", url);
  try {
    const response = await fetch(`${panelUrl}?target=${encodeURIComponent(key)}`, {
      headers: { "X-Axis-Fragment": "1" },
      credentials: "same-origin",
    });
    if (current.key !== key) return; // a later selection won
    if (!response.ok) throw new Error(await response.text());
    showPanel(await response.text());
  } catch (error) {
    showPanel(`<p class="flash flash-error" role="alert">Could not load this: ${escapeHtml(String(error.message || error))}</p>`);
  }
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Saving: the server answers with the re-rendered panel; on failure what was typed stays put.
panel.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.js-panel-form");
  if (!form) return;
  event.preventDefault();
  const button = event.submitter || form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  let status = document.createElement("p");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Axis-Fragment": "1" },
      credentials: "same-origin",
    });
    const body = await response.text();
    if (response.headers.get("content-type")?.startsWith("text/html") && response.status < 500) {
      // The server re-renders the form it was sent; the panel's other forms keep what was typed in them.
      const typed = typedFields(form);
      showPanel(body);
      restoreFields(typed);
      if (response.status >= 400) panel.querySelector("[role=alert], .field-error")?.scrollIntoView({ block: "nearest" });
      else markSaved();
      return;
    }
    throw new Error(`the server answered ${response.status}`);
  } catch (error) {
    status.className = "flash flash-error";
    status.setAttribute("role", "alert");
    status.textContent = `Not saved: ${error.message || error}. Your text is still here; try again.`;
    form.prepend(status);
    if (button) button.disabled = false;
  }
});

// [id, value or checked] of each field changed by hand in the panel, outside the form `except`.
function typedFields(except) {
  const typed = [];
  for (const el of panel.querySelectorAll("input, textarea, select")) {
    if (!el.id || el.form === except || el.type === "hidden") continue;
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked !== el.defaultChecked) typed.push([el.id, el.checked]);
    } else if (el.tagName === "SELECT") {
      if ([...el.options].some((o) => o.selected !== o.defaultSelected)) typed.push([el.id, el.value]);
    } else if (el.value !== el.defaultValue) {
      typed.push([el.id, el.value]);
    }
  }
  return typed;
}

function restoreFields(typed) {
  for (const [id, value] of typed) {
    const el = document.getElementById(id);
    if (!el || !panel.contains(el)) continue;
    if (typeof value === "boolean") el.checked = value;
    else el.value = value;
    const details = el.closest("details");
    if (details) details.open = true;
  }
}

function markSaved() {
  if (!current.key || !current.key.startsWith("span:")) return;
  const [start, end] = current.key.slice(5).split("-").map(Number);
  for (const run of text.querySelectorAll(".s")) {
    const o = Number(run.dataset.o);
    if (o >= start && o < end) run.classList.add("a");
  }
}

// Clicking a claim opens it; selecting text opens the selection; a caret inside the claim is a split point.
text.addEventListener("mouseup", () => {
  const offsets = selectionOffsets(text);
  if (!offsets) return;
  if (!offsets.collapsed && offsets.end > offsets.start) {
    openTarget(`span:${offsets.start}-${offsets.end}`);
    return;
  }
});
text.addEventListener("click", (event) => {
  const label = event.target.closest(".qs");
  if (label) return openTarget(`quote:${label.dataset.q}`);
  const offsets = selectionOffsets(text);
  if (offsets && !offsets.collapsed) return;
  const run = event.target.closest(".s");
  if (!run) return;
  caret = offsets ? offsets.start : null;
  if (run.dataset.c) {
    const key = `claim:${run.dataset.c}`;
    if (current.key === key) {
      openSheet(true);
      return updateSplit();
    }
    openTarget(key);
  } else if (run.dataset.q) {
    openTarget(`quote:${run.dataset.q}`);
  }
});
text.addEventListener("keydown", (event) => {
  const label = event.target.closest(".qs");
  if (label && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    openTarget(`quote:${label.dataset.q}`);
  }
});

// Lists in the overview open their item here rather than reloading the page.
document.querySelector(".overview")?.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-target]");
  if (!link) return;
  event.preventDefault();
  openTarget(link.dataset.target, { scroll: true });
});

// A click in the claim chooses the nearest split point the panel offers (all between words).
function updateSplit() {
  const select = panel.querySelector(".js-split-at");
  if (!select || !current.key?.startsWith("claim:") || caret === null) return;
  const offered = [...select.options].filter((option) => option.value !== "");
  if (!offered.length) return;
  const nearest = offered.reduce((best, option) =>
    Math.abs(Number(option.value) - caret) < Math.abs(Number(best.value) - caret) ? option : best);
  select.value = nearest.value;
  panel.querySelector(".js-split-hint").textContent = `Split: ${nearest.textContent}`;
}

function moveClaim(step) {
  if (!claimIds.length) return;
  let index = current.claimIndex + step;
  if (current.claimIndex < 0) index = step > 0 ? 0 : claimIds.length - 1;
  index = Math.max(0, Math.min(claimIds.length - 1, index));
  caret = null;
  openTarget(`claim:${claimIds[index]}`, { scroll: true });
  // A caret at the claim's start lets Shift+arrows select from here with the keyboard.
  const first = text.querySelector(`.s[data-c="${claimIds[index]}"]`);
  if (first?.firstChild) window.getSelection().collapse(first.firstChild, 0);
}

async function focusField(which) {
  if (!current.key) {
    await openTarget(`claim:${claimIds[Math.max(0, current.claimIndex)]}`, { scroll: true });
  }
  const scope = panel.querySelector(".edit-form") || panel.querySelector(".new-annotation");
  if (!scope) return;
  if (which === "tags") scope.querySelector("input[type=checkbox]")?.focus();
  if (which === "verdict") scope.querySelector("select[name$=verdict]")?.focus();
  if (which === "evidence") {
    const details = panel.querySelector(".new-annotation .evidence-add, .evidence-add");
    if (details) details.open = true;
    details?.querySelector("input[type=url], input[name$=url]")?.focus();
  }
}

function submitForReview() {
  panel.querySelector(".submit-form button")?.click();
}

function annotateSelection() {
  const offsets = selectionOffsets(text);
  if (offsets && !offsets.collapsed && offsets.end > offsets.start) openTarget(`span:${offsets.start}-${offsets.end}`);
}

function extendSelection(direction) {
  const sel = window.getSelection();
  if (!sel.rangeCount || !text.contains(sel.anchorNode)) return false;
  sel.modify("extend", direction, "word");
  return true;
}

function clearSelection() {
  window.getSelection().removeAllRanges();
  openSheet(false);
}

setupFilters(text);
setupKeyboard({ moveClaim, focusField, submitForReview, annotateSelection, extendSelection, clearSelection });
text.dataset.ready = "1";
if (current.key) {
  mark(current.key);
  openSheet(true);
  scrollToTarget(current.key);
}
