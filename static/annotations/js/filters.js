// The overview's filters and sort: all in the page, nothing fetched.

export function setupFilters(textRoot) {
  const score = document.getElementById("f-score");
  if (!score) return;
  const scoreOut = document.getElementById("f-score-out");
  const scoreCount = document.getElementById("f-score-count");
  const noVerdict = document.getElementById("f-noverdict");
  const speaker = document.getElementById("f-speaker");
  const state = document.getElementById("f-state");
  const claimList = document.getElementById("claim-list");
  const claimItems = [...claimList.querySelectorAll("li[data-claim]")];
  const runsByClaim = new Map();
  for (const run of textRoot.querySelectorAll(".c")) {
    const id = run.dataset.c;
    if (!runsByClaim.has(id)) runsByClaim.set(id, []);
    runsByClaim.get(id).push(run);
  }

  function applyClaims() {
    const threshold = Number(score.value);
    scoreOut.textContent = threshold.toFixed(2);
    let shown = 0;
    let aboveThreshold = 0;
    for (const item of claimItems) {
      const above = Number(item.dataset.score) >= threshold;
      const keep = above && (!noVerdict.checked || item.dataset.verdict === "0");
      if (above) aboveThreshold += 1;
      item.hidden = !keep;
      if (keep) shown += 1;
      for (const run of runsByClaim.get(item.dataset.claim) || []) run.classList.toggle("dim", !keep);
    }
    scoreCount.textContent = `${aboveThreshold} claim${aboveThreshold === 1 ? "" : "s"}`;
    document.getElementById("claims-shown").textContent = shown;
  }

  function applyList(select, listId, attr, countId) {
    let shown = 0;
    for (const item of document.querySelectorAll(`#${listId} li[data-${attr}]`)) {
      item.hidden = Boolean(select.value) && item.dataset[attr] !== select.value;
      if (!item.hidden) shown += 1;
    }
    document.getElementById(countId).textContent = shown;
  }

  score.addEventListener("input", applyClaims);
  noVerdict.addEventListener("change", applyClaims);
  speaker.addEventListener("change", () => applyList(speaker, "quote-list", "speaker", "quotes-shown"));
  const block = document.getElementById("annotations-block");
  const slot = document.getElementById("annotation-list-slot");
  async function loadAnnotations() {
    const url = `${block.dataset.src}?state=${encodeURIComponent(state.value)}`;
    const response = await fetch(url, { headers: { "X-Axis-Fragment": "1" }, credentials: "same-origin" });
    slot.innerHTML = response.ok ? await response.text() : '<p class="flash flash-error">Could not load the annotations.</p>';
  }
  block.addEventListener("toggle", () => block.open && loadAnnotations());
  slot.addEventListener("click", (event) => {
    if (!event.target.closest(".js-load-annotations")) return;
    event.preventDefault();
    loadAnnotations();
  });
  state.addEventListener("change", () => (block.open ? loadAnnotations() : (block.open = true)));

  const sort = document.getElementById("sort-claims");
  sort.addEventListener("click", () => {
    const reading = sort.getAttribute("aria-pressed") !== "true";
    const key = reading ? (li) => Number(li.dataset.ordinal) : (li) => -Number(li.dataset.score);
    claimItems.sort((a, b) => key(a) - key(b) || Number(a.dataset.ordinal) - Number(b.dataset.ordinal));
    claimList.append(...claimItems);
    sort.setAttribute("aria-pressed", String(reading));
    sort.textContent = reading ? "Sort by check-worthiness" : "Sort in reading order";
  });

  // Marker colours follow the score, with the number itself always shown.
  for (const marker of textRoot.querySelectorAll(".cm")) {
    const value = Number(marker.dataset.score);
    marker.classList.add(value >= 0.7 ? "hi" : value >= 0.5 ? "mid" : "lo");
  }
}
