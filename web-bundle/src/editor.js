// The definition editor: CodeMirror 6 over the page's <textarea data-editor>.
//
// Completion and hover help come from the JSON Schema Stegvis publishes
// (codemirror-json-schema); the errors come from the server's own validator, the same
// one `stegvis validate` runs, at their line and column. Each check also saves the draft
// and answers with the draft's diagram and dry run, which replace the ones beside the
// editor. Without JavaScript the textarea and its buttons do the same by form posts.
import { autocompletion } from "@codemirror/autocomplete";
import { yaml, yamlLanguage } from "@codemirror/lang-yaml";
import { linter, lintGutter } from "@codemirror/lint";
import { EditorView, hoverTooltip } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { stateExtensions } from "codemirror-json-schema";
import { yamlCompletion, yamlSchemaHover } from "codemirror-json-schema/yaml";
import { draw } from "./diagram.js";

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
  } catch {
    return "";
  }
}

function position(doc, line, column) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max(column - 1, 0), at.to);
}

function replaceWith(id, html) {
  const target = document.getElementById(id);
  if (target && typeof html === "string") {
    target.innerHTML = html;
  }
}

async function showDiagram(text) {
  const target = document.getElementById("draft-diagram-drawing");
  if (!target || !text || target.dataset.source === text) return;
  target.dataset.source = text;
  try {
    await draw(target, text);
  } catch (error) {
    console.warn("the diagram could not be drawn", error);
  }
}

function serverCheck(textarea) {
  const url = textarea.dataset.check;
  const status = document.getElementById("draft-status");
  return async (view) => {
    const source = view.state.doc.toString();
    const start = document.getElementById("draft-start");
    let answer;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify({ source, start: start ? start.value : "" }),
        credentials: "same-origin",
      });
      if (!response.ok && response.status !== 422) {
        if (status) status.textContent = textarea.dataset.failed || "";
        return [];
      }
      answer = await response.json();
    } catch {
      if (status) status.textContent = textarea.dataset.failed || "";
      return [];
    }
    if (view.state.doc.toString() !== source) return []; // typed on meanwhile
    if (status) status.textContent = answer.status || "";
    replaceWith("draft-problems", answer.problems_html);
    replaceWith("draft-dry-run", answer.dry_run_html);
    replaceWith("draft-summary", answer.summary_html);
    showDiagram(answer.diagram);
    return (answer.problems || []).map((p) => ({
      from: position(view.state.doc, p.line, p.column),
      to: position(view.state.doc, p.line, p.column + 1),
      severity: p.severity === "error" ? "error" : "warning",
      message: p.message,
      source: "stegvis validate",
    }));
  };
}

async function schemaOf(textarea) {
  if (!textarea.dataset.schema) return {};
  try {
    const response = await fetch(textarea.dataset.schema, { credentials: "same-origin" });
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

async function start(textarea) {
  const schema = await schemaOf(textarea);
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      yaml(),
      yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
      autocompletion(),
      hoverTooltip(yamlSchemaHover()),
      stateExtensions(schema),
      linter(serverCheck(textarea), { delay: 500 }),
      lintGutter(),
      EditorView.contentAttributes.of({
        "aria-label": textarea.dataset.label || "YAML",
        "aria-describedby": "draft-status",
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  view.dom.classList.add("code-editor");
  // The editor scrolls on its own: keyboard users reach that region too (WCAG 2.1.1).
  view.scrollDOM.tabIndex = 0;
  textarea.hidden = true;
  textarea.after(view.dom);
  const start = document.getElementById("draft-start");
  if (start) {
    // A new start date for the dry run: check again (the linter runs on changes only).
    start.addEventListener("change", () => {
      view.dispatch({ changes: { from: 0, to: 0, insert: "" } });
      serverCheck(textarea)(view);
    });
  }
  window.stegvisEditor = view;
}

for (const textarea of document.querySelectorAll("textarea[data-editor]")) {
  start(textarea);
}
