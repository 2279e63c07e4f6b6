"""The HTML class report: one self-contained page (no scripts, no outside files; every name escaped).

Where the class is stuck (exercises tried and not solved, most learners first), then the grid of
learners x exercises (done, tried, not started: a colour and a text mark, hints shown as a number).
"""

from __future__ import annotations

import html
from datetime import datetime
from itertools import groupby

from .._frontend import PALETTE
from .gradebook import DONE, FORMATIVE, NOT_STARTED, TRIED, ClassTable, Exercise, Stuck, state_of
from .records import ExerciseRecord

MARKS = {DONE: "✓", TRIED: "✗", NOT_STARTED: "·"}
CELL_CLASS = {DONE: "done", TRIED: "tried", NOT_STARTED: "none"}
STYLE = f"""
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }}
.formative {{ background: {PALETTE['notice']}; padding: 8px 12px; max-width: 60em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 3px 6px; text-align: left; }}
td.count {{ text-align: right; }}
.scroll {{ overflow-x: auto; }}
.grid td.cell {{ text-align: center; min-width: 1.6em; font-weight: bold; }}
.grid th.learner {{ position: sticky; left: 0; background: #fff; white-space: nowrap; max-width: 16em;
                     overflow: hidden; text-overflow: ellipsis; }}
td.done, span.done {{ background: {PALETTE['good']}; color: #fff; }}
td.tried, span.tried {{ background: {PALETTE['warning']}; color: #000; }}
td.none, span.none {{ background: #f4f4f4; color: #777; }}
.legend span {{ display: inline-block; padding: 1px 8px; margin-right: 6px; font-weight: bold; }}
.rejected {{ color: {PALETTE['error']}; }}
"""


def report_html(table: ClassTable, collected: datetime) -> str:
    """The class report of ``table``, collected at ``collected``, as one HTML page."""
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="generator" content="kerastutor classroom collect">',
        "<title>Class progress</title>", f"<style>{STYLE}</style></head><body>",
        "<h1>Class progress</h1>", f'<p class="formative">{_e(FORMATIVE)}</p>',
        f"<p>{len(table.learners)} learner(s), from {table.files} file(s), collected "
        f"{_e(collected.strftime('%Y-%m-%d %H:%M %Z'))}; {len(table.exercises)} exercises. "
        "A learner's newest export is used.</p>",
        _stuck_section(table.stuck()), _grid_section(table), _findings_section(table), "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _stuck_section(stuck: list[Stuck]) -> str:
    head = ('<section id="stuck"><h2>Where the class is stuck</h2>'
            "<p>Exercises learners checked and have not solved yet: most learners first, then most hints "
            "shown, then longest time.</p>")
    if not stuck:
        return head + "<p>No learner is stuck: every exercise checked was solved.</p></section>"
    rows = "".join(
        f"<tr><td>{_e(s.exercise.label)}</td><td>{_e(s.exercise.lesson_title)}</td>"
        f'<td class="count">{s.stuck}</td><td class="count">{s.solved}</td><td class="count">{s.hints}</td>'
        f'<td class="count">{_duration(s.median_seconds)}</td></tr>'
        for s in stuck)
    return (head + '<table class="stuck"><thead><tr><th>exercise</th><th>lesson</th>'
            "<th>tried, not solved</th><th>solved</th><th>hints shown</th><th>median time</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")


def _grid_section(table: ClassTable) -> str:
    keys = "".join(f'<span class="{CELL_CLASS[state]}">{MARKS[state]}</span>{state} '
                   for state in (DONE, TRIED, NOT_STARTED))
    legend = (f'<p class="legend">{keys}&nbsp; A small number: hints shown. Hover a cell for checks, hints '
              "and time.</p>")
    lessons = [(lesson, list(group)) for lesson, group in groupby(table.exercises, key=lambda e: e.lesson)]
    lesson_row = "".join(f'<th colspan="{len(group)}" title="{_e(group[0].lesson_title)}">'
                         f"{_e(lesson.split('_')[0])}</th>" for lesson, group in lessons)
    names_row = "".join(f'<th title="{_e(e.label)}">{_e(e.name)}</th>' for e in table.exercises)
    head = ('<thead><tr><th rowspan="2" class="learner">learner</th><th rowspan="2">done</th>'
            f'<th rowspan="2">tried</th><th rowspan="2">hints</th>{lesson_row}</tr>'
            f"<tr>{names_row}</tr></thead>")
    rows = []
    for learner in table.learners:
        totals = table.totals(learner)
        cells = "".join(_cell(e, table.record(learner, e)) for e in table.exercises)
        name = _e(learner.learner)
        rows.append(f'<tr><th scope="row" class="learner" title="{name}">{name}</th>'
                    f'<td class="count">{totals["done"]}</td><td class="count">{totals["tried"]}</td>'
                    f'<td class="count">{totals["hints"]}</td>{cells}</tr>')
    return (f'<section id="grid"><h2>Learners and exercises</h2>{legend}<div class="scroll">'
            f'<table class="grid">{head}<tbody>{"".join(rows)}</tbody></table></div></section>')


def _cell(exercise: Exercise, record: ExerciseRecord | None) -> str:
    state = state_of(record)
    detail = f"{exercise.label}: {state}"
    if record is not None:
        detail += (f", {record.attempts} check(s), {record.hints} hint(s)"
                   + (f", {_duration(record.seconds)}" if record.seconds is not None else ""))
    hints = f"<sup>{record.hints}</sup>" if record is not None and record.hints else ""
    return f'<td class="cell {CELL_CLASS[state]}" title="{_e(detail)}">{MARKS[state]}{hints}</td>'


def _findings_section(table: ClassTable) -> str:
    if not table.findings:
        return ""
    items = "".join(f'<li class="{"rejected" if f.rejected else "kept"}">{_e(f.line())}</li>'
                    for f in table.findings)
    return f'<section id="findings"><h2>Files not collected, or only in part</h2><ul>{items}</ul></section>'


def _duration(seconds: float | None) -> str:
    """``seconds`` as "45 s", "12 min" or "1 h 05 min"; "unknown" when None."""
    if seconds is None:
        return "unknown"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"
