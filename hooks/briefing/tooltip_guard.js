(function () {
  // Material's tooltips (content.tooltips) put an element's title, or the visible text of a truncated
  // header, nav, footer or table-of-contents entry, into the tooltip with innerHTML: a title that reads
  // '<img onerror=...>' would run. Text is text: whatever Material version does the inserting, its
  // tooltip containers take what they are given as text, and show it exactly as typed.
  var proto = Element.prototype;
  var inner = Object.getOwnPropertyDescriptor(proto, "innerHTML");
  var adjacent = proto.insertAdjacentHTML;
  var TOOLTIP = ".md-tooltip, .md-tooltip2, .md-tooltip__inner, .md-tooltip2__inner";
  function isTooltip(el) {
    return el && el.nodeType === 1 && typeof el.closest === "function" && el.closest(TOOLTIP) !== null;
  }
  if (!inner || !inner.set) return;
  Object.defineProperty(proto, "innerHTML", {
    configurable: true,
    enumerable: inner.enumerable,
    get: function () { return isTooltip(this) ? this.textContent : inner.get.call(this); },
    set: function (value) {
      if (isTooltip(this)) this.textContent = String(value);
      else inner.set.call(this, value);
    }
  });
  proto.insertAdjacentHTML = function (where, text) {
    if (isTooltip(this)) return this.insertAdjacentText(where, String(text));
    return adjacent.call(this, where, text);
  };
})();
