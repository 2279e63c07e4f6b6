"""The network as an SVG picture: one column per layer, each neuron drawn as its own output map (shown
large while the pointer is over it), and edges whose colour (orange negative, blue positive) and thickness
show the weights."""

from __future__ import annotations

import base64
import hashlib
import html

import numpy as np

NODE, GAP_X, GAP_Y, MARGIN = 40, 110, 52, 30
PREVIEW = 120  # side of the map shown while hovering over a neuron


def _color(weight: float) -> str:
    return "#0877bd" if weight > 0 else "#f59322"


def network_svg(layer_names: list[str], neuron_titles: list[list[str]], sprite: bytes, tile: int,
                weights: list[np.ndarray]) -> str:
    """SVG of the network: column i (inputs first, the output last) has one neuron per name in
    ``neuron_titles[i]`` (shown on hover), each drawn as its tile of ``sprite`` (``figures.neuron_sprite``:
    tile (i, j) at column i, row j, ``tile`` pixels); ``weights[i]`` is the kernel from column i to i + 1."""
    heights = [len(titles) for titles in neuron_titles]
    height = MARGIN * 2 + (max(heights) - 1) * GAP_Y + NODE
    width = MARGIN * 2 + (len(heights) - 1) * GAP_X + NODE

    def centre(column: int, row: int) -> tuple[float, float]:
        top = (height - ((heights[column] - 1) * GAP_Y + NODE)) / 2
        return MARGIN + column * GAP_X + NODE / 2, top + row * GAP_Y + NODE / 2

    largest = max((float(np.abs(kernel).max()) for kernel in weights if kernel.size), default=1.0) or 1.0
    data = base64.b64encode(sprite).decode("ascii")
    # ids are global to the page, where several playgrounds may be shown: name the sprite by its content
    sprite_id = "kt-neurons-" + hashlib.sha1(sprite).hexdigest()[:12]
    sprite_width, sprite_height = len(heights) * tile, max(heights) * tile
    preview = min(PREVIEW, height - 4)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'
             f'<defs><image id="{sprite_id}" width="{sprite_width}" height="{sprite_height}" '
             f'preserveAspectRatio="none" style="image-rendering:pixelated" '
             f'href="data:image/png;base64,{data}"/></defs>'
             '<style>.kt-preview{display:none;pointer-events:none}'
             + "".join(f".kt-n{c}-{r}:hover~.kt-p{c}-{r}{{display:inline}}"
                       for c, count in enumerate(heights) for r in range(count))
             + "</style>"]

    def tile_of(column: int, row: int, x: float, y: float, side: float, kind: str) -> str:
        return (f'<svg class="{kind}" x="{x:.1f}" y="{y:.1f}" width="{side}" height="{side}" '
                f'viewBox="{column * tile} {row * tile} {tile} {tile}"><use href="#{sprite_id}"/></svg>')

    parts.append('<g stroke-opacity="0.7">')  # the edges: sent several times a second, so kept short
    for column, kernel in enumerate(weights):
        for source in range(kernel.shape[0]):
            for target in range(kernel.shape[1]):
                (x1, y1), (x2, y2) = centre(column, source), centre(column + 1, target)
                weight = float(kernel[source, target])
                thickness = 0.5 + 5 * abs(weight) / largest
                parts.append(f'<line x1="{x1 + NODE / 2:g}" y1="{y1:g}" x2="{x2 - NODE / 2:g}" y2="{y2:g}" '
                             f'stroke="{_color(weight)}" stroke-width="{thickness:.2f}">'
                             f'<title>weight {weight:.3f}</title></line>')
    parts.append("</g>")
    previews = []
    for column, (name, titles) in enumerate(zip(layer_names, neuron_titles)):
        x, _ = centre(column, 0)
        parts.append(f'<text x="{x:.1f}" y="14" text-anchor="middle">{html.escape(name)}</text>')
        for row, title in enumerate(titles):
            cx, cy = centre(column, row)
            left, top = cx - NODE / 2, cy - NODE / 2
            parts.append(tile_of(column, row, left, top, NODE, "neuron"))
            parts.append(f'<rect class="kt-n{column}-{row}" x="{left:.1f}" y="{top:.1f}" width="{NODE}" '
                         f'height="{NODE}" fill="none" stroke="#555" stroke-width="1" pointer-events="all">'
                         f"<title>{html.escape(title)}</title></rect>")
            # the large map sits beside the neuron, inside the picture; drawn last, so on top of everything
            px = left + NODE + 4 if left + NODE + 4 + preview <= width else left - preview - 4
            py = min(max(top, 2), height - preview - 2)
            frame = preview + 2
            previews.append(f'<g class="kt-preview kt-p{column}-{row}">'
                            f'<rect x="{px - 1:.1f}" y="{py - 1:.1f}" width="{frame}" height="{frame}" '
                            f'fill="#fff" stroke="#333"/>{tile_of(column, row, px, py, preview, "zoom")}</g>')
    parts += previews
    parts.append("</svg>")
    return "".join(parts)
