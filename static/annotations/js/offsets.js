// Map DOM selection points in the article text to offsets in the stored clean text.
// Offsets count Unicode code points, as Python's str does, not the browser's UTF-16 units.

export function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function segmentEnd(seg) {
  return Number(seg.dataset.o) + codePoints(seg.textContent);
}

// The first text run at or after `node` in document order inside `root`, or null.
function runFrom(root, node) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (el) => (el.classList.contains("s") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  walker.currentNode = node;
  if (node.nodeType === Node.ELEMENT_NODE && node.classList.contains("s")) return node;
  return walker.nextNode();
}

// Offset of the boundary point (node, offset) in the clean text.
export function offsetAt(root, node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest(".s");
    if (seg && root.contains(seg)) return Number(seg.dataset.o) + codePoints(node.data.slice(0, offset));
    node = node.parentElement;
    offset = 0;
  }
  if (node.classList && node.classList.contains("s")) {
    return offset === 0 ? Number(node.dataset.o) : segmentEnd(node);
  }
  // A point between children: the start of the next run, else the end of the last one.
  const child = node.childNodes[offset];
  const next = child ? runFrom(root, child) : null;
  if (next) return Number(next.dataset.o);
  const runs = root.querySelectorAll(".s");
  return runs.length ? segmentEnd(runs[runs.length - 1]) : 0;
}

// A selection snaps outward to grapheme clusters (an emoji joined by ZWJs, a flag's two
// letters, a letter and its combining accents), as annotations/graphemes.py does on the
// server, so the span shown and posted never holds half a character. Where Intl.Segmenter
// is missing the server still snaps.
const graphemes = globalThis.Intl?.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
const indexes = new WeakMap();

// The clean text as one string, with each run's first offset in code points and in UTF-16 units.
function textIndex(root) {
  let index = indexes.get(root);
  if (index) return index;
  const runs = [];
  let text = "";
  for (const node of root.querySelectorAll(".s")) {
    runs.push({ node, cp: Number(node.dataset.o), units: text.length });
    text += node.textContent;
  }
  index = { text, runs };
  indexes.set(root, index);
  return index;
}

// The last run starting at or before code point `offset`.
function runAt(runs, offset) {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid].cp <= offset) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo];
}

// The UTF-16 index in the clean text of code point `offset`.
function unitsAt(index, offset) {
  const run = runAt(index.runs, offset);
  let units = run.units;
  for (let cp = run.cp; cp < offset && units < index.text.length; cp += 1) {
    units += index.text.codePointAt(units) > 0xffff ? 2 : 1;
  }
  return units;
}

// `offset` moved to the start ("start") or the end ("end") of the cluster it falls inside.
function snap(index, offset, edge) {
  const { text } = index;
  const units = unitsAt(index, offset);
  if (units <= 0 || units >= text.length) return offset;
  // From the line's start, as the server does: a line feed ends every cluster; the feed itself is
  // included so a carriage return before it stays with it.
  const line = text.lastIndexOf("\n", units - 1) + 1;
  const feed = text.indexOf("\n", units);
  const cluster = graphemes.segment(text.slice(line, feed < 0 ? text.length : feed + 1)).containing(units - line);
  const from = line + cluster.index;
  if (from >= units) return offset;
  if (edge === "start") return offset - codePoints(text.slice(from, units));
  return offset + codePoints(text.slice(units, from + cluster.segment.length));
}

// [start, end) widened to grapheme cluster boundaries of the text in root.
export function snapToGraphemes(root, start, end) {
  if (!graphemes) return [start, end];
  const index = textIndex(root);
  if (!index.runs.length) return [start, end];
  return [snap(index, start, "start"), snap(index, end, "end")];
}

// The DOM point (text node, UTF-16 offset) of code point `offset` in root's text.
function pointAt(root, offset) {
  const index = textIndex(root);
  const run = runAt(index.runs, offset);
  return [run.node.firstChild, unitsAt(index, offset) - run.units];
}

// [start, end) of the current selection inside root, or null when there is none. A selection
// that cuts a character is widened, on screen too, to take the whole character.
export function selectionOffsets(root) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = offsetAt(root, range.startContainer, range.startOffset);
  const end = offsetAt(root, range.endContainer, range.endOffset);
  if (range.collapsed || end <= start) return { start, end, collapsed: range.collapsed };
  const [snappedStart, snappedEnd] = snapToGraphemes(root, start, end);
  if (snappedStart !== start || snappedEnd !== end) {
    sel.setBaseAndExtent(...pointAt(root, snappedStart), ...pointAt(root, snappedEnd));
  }
  return { start: snappedStart, end: snappedEnd, collapsed: false };
}
