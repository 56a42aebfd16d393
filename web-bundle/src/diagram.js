// The process diagram: Mermaid draws each <pre class="mermaid"> as SVG at its natural
// size (a wide programme scrolls sideways instead of shrinking until it cannot be read).
// Loaded as an ES module: the flowchart's own code comes in a chunk of its own, only
// when a page has a diagram.
import mermaid from "mermaid";

mermaid.initialize({
  startOnLoad: false,
  securityLevel: "strict",
  theme: "neutral",
  layout: "dagre",
  fontFamily: "Noto Sans, DejaVu Sans, sans-serif",
  flowchart: { useMaxWidth: false },
  state: { useMaxWidth: false },
  themeVariables: { fontSize: "16px" },
});

let drawn = 0;

/** Draw the Mermaid source `text` into `target` (replacing what was there). */
export async function draw(target, text) {
  drawn += 1;
  const { svg } = await mermaid.render(`diagram-${drawn}`, text);
  target.innerHTML = svg;
  target.dataset.drawn = "yes";
}

async function drawAll() {
  for (const pre of document.querySelectorAll("pre.mermaid")) {
    const figure = document.createElement("div");
    figure.className = "diagram-drawing";
    figure.setAttribute("role", "img");
    figure.setAttribute("aria-label", pre.getAttribute("aria-label") || "");
    try {
      await draw(figure, pre.textContent);
      pre.hidden = true;
      pre.after(figure);
    } catch (error) {
      console.warn("the diagram could not be drawn", error);
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawAll);
} else {
  drawAll();
}
