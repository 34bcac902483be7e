// Lists every operation of the status API's OpenAPI document (its URL: data-spec of #ops).
const ops = document.getElementById("ops");
fetch(ops.dataset.spec).then(r => r.json()).then(spec => {
  document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
  ops.textContent = "";
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
