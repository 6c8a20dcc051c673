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

// [start, end) of the current selection inside root, or null when there is none.
export function selectionOffsets(root) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = offsetAt(root, range.startContainer, range.startOffset);
  const end = offsetAt(root, range.endContainer, range.endOffset);
  return { start, end, collapsed: range.collapsed };
}
