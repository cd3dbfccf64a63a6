// Searchable lists for long selects (countries, organisations, principals, Compact bodies):
// every <select data-searchable> becomes a Select2 box filtered as one types. Without
// script, the plain list stays usable.
document.addEventListener("DOMContentLoaded", () => {
  const jq = window.jQuery;
  if (!jq || !jq.fn.select2) return;
  jq("select[data-searchable]").each((_, element) => {
    jq(element).select2({ width: "100%", placeholder: element.multiple ? "Type to search…" : "" });
  });
});
