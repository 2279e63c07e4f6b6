import pytest

from kerastutor._frontend import PALETTE, display_mode, error_html, notice_html
from kerastutor._throttle import Throttle


def test_display_mode_is_text_outside_a_kernel(monkeypatch):
    monkeypatch.delenv("KERASTUTOR_DISPLAY", raising=False)
    assert display_mode() == "text"


def test_display_mode_override(monkeypatch):
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "Static")
    assert display_mode() == "static"
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "fancy")
    with pytest.raises(ValueError, match="widget, static, text"):
        display_mode()


def test_an_error_inside_a_widget_is_escaped_and_red():
    assert error_html("x < 1 & y", "p") == f"<p style='color:{PALETTE['error']}'>x &lt; 1 &amp; y</p>"
    assert error_html(ValueError("no")).startswith("<span style=")


def test_a_note_inside_a_widget_is_escaped_on_the_palette_ground():
    assert notice_html("a < b", "p") == f"<p style='background:{PALETTE['notice']};padding:4px'>a &lt; b</p>"


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_throttle_waits_min_interval():
    clock = FakeClock()
    throttle = Throttle(0.5, clock=clock)
    assert throttle.ready()
    throttle.done()
    clock.now = 0.4
    assert not throttle.ready()
    clock.now = 0.5
    assert throttle.ready()


def test_throttle_keeps_expensive_work_under_its_share():
    clock = FakeClock()
    throttle = Throttle(0.5, max_share=0.02, clock=clock)
    started = throttle.now()
    clock.now = 0.1  # the work took 0.1 s
    throttle.done(started)
    assert throttle.interval() == pytest.approx(4.9)
    clock.now = 4.0
    assert not throttle.ready()
    clock.now = 5.0
    assert throttle.ready()


@pytest.mark.parametrize("kwargs", [{"min_interval": 0}, {"min_interval": -1},
                                    {"min_interval": 1, "max_share": 0}])
def test_throttle_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        Throttle(**kwargs)
