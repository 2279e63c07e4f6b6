"""The explanation where the error happens: in a notebook or IPython shell, an error raised by a Keras 1/2
name shows that name's concept card under the usual traceback.

``import kerastutor`` turns it on in IPython (plain Python is left alone); ``kt.explain_errors(False)``
turns it off. The card is shown after the cell has run, from IPython's ``post_run_cell`` event: the
traceback has been shown by then exactly as without kerastutor, and IPython's single custom-exception
slot (``set_custom_exc``) stays free for other tools.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .._arguments import flag
from .._frontend import PALETTE, display_mode

if TYPE_CHECKING:
    from .concept import Concept

_EVENT = "post_run_cell"
_OFF_SWITCH = "kt.explain_errors(False)"
_HEADLINE = ("kerastutor: the error above comes from a Keras 1/2 name; here is what Keras 3 uses instead "
             "({switch} hides these notes).")


def explain_errors(on: bool = True) -> None:
    """Show (``True``, the default after ``import kerastutor`` in IPython) or stop showing (``False``)
    the concept card under an error raised by a Keras 1/2 name, such as ``model.fit_generator``.
    Calling it twice never shows a card twice; outside IPython it does nothing."""
    flag("explain_errors", "on", on)
    shell = _shell()
    if shell is None:
        return
    for callback in [c for c in shell.events.callbacks[_EVENT] if _is_ours(c)]:
        shell.events.unregister(_EVENT, callback)  # also an older copy, after a module reload
    if on:
        shell.events.register(_EVENT, _after_cell)


def _shell() -> Any:
    """The running IPython shell, or None (plain Python, or IPython imported but not running)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _is_ours(callback: object) -> bool:
    """Whether ``callback`` is this module's ``_after_cell`` (this copy or one from before a reload)."""
    return (getattr(callback, "__module__", None) == __name__
            and getattr(callback, "__qualname__", None) == _after_cell.__qualname__)


def _after_cell(result: Any) -> None:
    """After a cell: the cards for the Keras 1/2 names its error is about. Never raises: a failure here
    leaves the learner with the plain traceback IPython has already shown."""
    try:
        error = getattr(result, "error_in_exec", None)
        if not isinstance(error, Exception):
            return
        from .errors import old_name_cards  # loaded on the first error, not at import

        cards = old_name_cards(error)
        if cards:
            _show(cards)
    except Exception:  # noqa: BLE001, S110  (the traceback above is the answer; a card is only extra)
        pass


def _show(cards: list[Concept]) -> None:
    """Display the cards under one line saying why: text in a terminal, HTML (with the text as
    fallback) in a notebook."""
    from IPython.display import display

    bundle = {"text/plain": "\n\n".join([_HEADLINE.format(switch=_OFF_SWITCH), *map(str, cards)])}
    if display_mode() != "text":
        headline = _HEADLINE.format(switch=f"<code>{_OFF_SWITCH}</code>")
        bundle["text/html"] = (f"<div style='border-left:3px solid {PALETTE['info']};padding-left:8px'>"
                               f"<div>{headline}</div>{''.join(card._repr_html_() for card in cards)}</div>")
    display(bundle, raw=True)
