// The analysis state of articles still queued or analysing, kept current without a reload: every
// two seconds it asks /articles/<id>/status/ for each element marked data-article-status, updates
// its label, and reloads the page once one is ready or failed, so its claims or reason appear.

const POLL_MS = 2000;
// A list page can show thousands of queued articles (an archive import); a few stand for them all.
const MAX_POLLED = 10;

const watched = Array.from(document.querySelectorAll("[data-article-status]")).slice(0, MAX_POLLED);

function labelOf(element) {
  return element.matches("[data-status-label]") ? element : element.querySelector("[data-status-label]");
}

async function check(element) {
  const response = await fetch(element.dataset.articleStatus, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
    cache: "no-store",
  });
  // Signed out, or the article was deleted: stop asking about it.
  if (!response.ok) return "gone";
  const state = await response.json();
  const label = labelOf(element);
  if (label) {
    label.textContent = label.hasAttribute("data-status-lower") ? state.label.toLowerCase() : state.label;
  }
  return state.done ? "done" : "waiting";
}

async function poll() {
  let results;
  try {
    results = await Promise.all(watched.map(check));
  } catch {
    // The server restarting or a network blip: ask again next time.
    results = ["waiting"];
  }
  if (results.includes("done")) {
    window.location.reload();
    return;
  }
  if (results.every((result) => result === "gone")) return;
  window.setTimeout(poll, POLL_MS);
}

if (watched.length) window.setTimeout(poll, POLL_MS);
