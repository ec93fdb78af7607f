"""Small browser-side helpers the pages need and Streamlit has no parameter for (one ``st.components.v2``
component, our own static code; widget glue only).

* **names**: an accessible name (``aria-label``) for a button whose visible label is an arrow or a word
  ("↑" is read "Move «Payment» up"), a ``title`` for the grid's frame;
* **scroll**: bring one element of a scrolling container into view (the Board's top bottleneck on open,
  a stage picked in the jump list);
* **keys**: keys that press a button (the presentation: →, PageDown, Space forward; ←, PageUp back).

Everything a person wrote (a stage name inside an accessible name) travels as data and is set with
``setAttribute``: never as code, never as markup. Selectors are built here from our own widget keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import streamlit as st

_JS = r"""
export default function ({ data }) {
  const names = data.names || [];
  const scroll = data.scroll || null;
  const keys = data.keys || {};
  const busy = el => {
    const t = el && el.tagName;
    return t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT' || (el && el.isContentEditable)
      || (el && el.getAttribute && el.getAttribute('role') === 'combobox');
  };
  const name = () => {
    for (const [selector, attribute, value] of names) {
      for (const el of document.querySelectorAll(selector)) {
        if (el.getAttribute(attribute) !== value) { el.setAttribute(attribute, value); }
      }
    }
  };
  let scrolled = !scroll;
  const bring = () => {
    if (scrolled) { return; }
    const box = document.querySelector(scroll.container);
    const target = box && box.querySelector(scroll.target);
    if (!box || !target) { return; }
    const left = target.offsetLeft - (scroll.margin || 0);
    box.scrollLeft = Math.max(0, left);
    scrolled = true;
  };
  const onKey = e => {
    if (e.ctrlKey || e.metaKey || e.altKey || busy(e.target)) { return; }
    const key = e.key === ' ' ? 'Space' : e.key;
    const selector = keys[key];
    if (!selector) { return; }
    const button = document.querySelector(selector);
    e.preventDefault();  // Space and PageDown must not scroll the page, nor press a focused button twice
    if (button && !button.disabled) { button.click(); }
  };
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(() => { queued = false; name(); bring(); });
  });
  observer.observe(document.body, {subtree: true, childList: true});
  name();
  bring();
  // Streamlit starts this function again for each new data, asynchronously: an older start can finish after a
  // newer one (then its cleanup runs at once) and leave its older names behind. The live one names again
  // shortly after, and every half second while it lives (a few querySelectorAll: nothing to notice).
  const again = setInterval(name, 500);
  const soon = setTimeout(name, 60);
  if (Object.keys(keys).length) { document.addEventListener('keydown', onKey, true); }
  return () => {
    observer.disconnect();
    clearInterval(again);
    clearTimeout(soon);
    document.removeEventListener('keydown', onKey, true);
  };
}
"""

_helper = st.components.v2.component("cjm_browser_helper", js=_JS, isolate_styles=False)


def key_class(key: str) -> str:
    """The CSS class Streamlit gives a widget or container keyed ``key`` (as its frontend builds it)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def button(key: str) -> str:
    """The selector of the button keyed ``key``."""
    return f".{key_class(key)} button"


def helper(*, names: Iterable[tuple[str, str, str]] = (), scroll: Mapping[str, object] | None = None,
           keys: Mapping[str, str] | None = None, key: str = "browser_helper") -> None:
    """Mount the helper in the sidebar (no room taken in the page). ``names``: (selector, attribute, value);
    ``scroll``: {"container", "target" (selectors), "margin" (px)}; ``keys``: {key name: button selector},
    key names as ``KeyboardEvent.key`` says them ("ArrowRight", "PageDown", "Space")."""
    data = {"names": [list(entry) for entry in names], "scroll": dict(scroll) if scroll else None,
            "keys": dict(keys or {})}
    with st.sidebar:
        _helper(data=data, key=key)
