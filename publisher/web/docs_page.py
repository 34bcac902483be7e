"""``GET /api/v1/docs``: a self-contained page that renders the OpenAPI document.

No CDN assets: the bureau's machine may be offline, so the page is plain HTML with a few
lines of script that fetch ``openapi.json`` and list every operation with its parameters.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from flask import Response, url_for

from publisher.web.blueprint import bp

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Status API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code,pre{background:#f4f4f4;padding:.1rem .3rem}
.op{border-left:4px solid #888;margin:1rem 0;padding:.2rem .8rem}
.get{border-color:#2a7} .post{border-color:#27c}
</style></head><body>
<h1 id="title">Status API</h1>
<p>OpenAPI document: <a href="{spec}">{spec}</a></p>
<div id="ops">Loading…</div>
<script>
fetch("{spec}").then(r => r.json()).then(spec => {
  document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
  const ops = document.getElementById("ops"); ops.textContent = "";
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const div = document.createElement("div"); div.className = "op " + method;
      const h = document.createElement("h3");
      h.textContent = method.toUpperCase() + " " + path; div.appendChild(h);
      const p = document.createElement("p");
      p.textContent = (op.description || op.summary || ""); div.appendChild(p);
      const params = (op.parameters || []).map(x => x.name + " (" + x.in + ")").join(", ");
      if (params) { const q = document.createElement("p");
        q.textContent = "Parameters: " + params; div.appendChild(q); }
      const codes = document.createElement("p");
      codes.textContent = "Responses: " + Object.keys(op.responses || {}).join(", ");
      div.appendChild(codes); ops.appendChild(div);
    }
  }
});
</script></body></html>
"""


@bp.get("/docs")
@bp.doc(hide=True)
def docs() -> Response:
    """The API documentation page (HTML, no external assets)."""
    html = PAGE.replace("{spec}", url_for("openapi.spec"))
    return Response(html, mimetype="text/html")
