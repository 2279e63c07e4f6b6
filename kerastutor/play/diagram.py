"""The network as an SVG picture: one column per layer, each neuron drawn as its own output map, and
edges whose colour (orange negative, blue positive) and thickness show the weights."""

from __future__ import annotations

import base64
import html

import numpy as np

NODE, GAP_X, GAP_Y, MARGIN = 40, 110, 52, 30


def _colour(weight: float) -> str:
    return "#0877bd" if weight > 0 else "#f59322"


def network_svg(layer_names: list[str], neuron_maps: list[list[bytes]], weights: list[np.ndarray]) -> str:
    """SVG of the network. ``neuron_maps[i][j]`` is the PNG of neuron j in column i (inputs first, the
    output last); ``weights[i]`` is the kernel from column i to column i + 1."""
    heights = [len(column) for column in neuron_maps]
    height = MARGIN * 2 + (max(heights) - 1) * GAP_Y + NODE
    width = MARGIN * 2 + (len(neuron_maps) - 1) * GAP_X + NODE

    def centre(column: int, row: int) -> tuple[float, float]:
        top = (height - ((heights[column] - 1) * GAP_Y + NODE)) / 2
        return MARGIN + column * GAP_X + NODE / 2, top + row * GAP_Y + NODE / 2

    largest = max((float(np.abs(kernel).max()) for kernel in weights if kernel.size), default=1.0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    for column, kernel in enumerate(weights):
        for source in range(kernel.shape[0]):
            for target in range(kernel.shape[1]):
                (x1, y1), (x2, y2) = centre(column, source), centre(column + 1, target)
                weight = float(kernel[source, target])
                thickness = 0.5 + 5 * abs(weight) / largest
                parts.append(f'<line x1="{x1 + NODE / 2:.1f}" y1="{y1:.1f}" x2="{x2 - NODE / 2:.1f}" '
                             f'y2="{y2:.1f}" stroke="{_colour(weight)}" stroke-width="{thickness:.2f}" '
                             f'stroke-opacity="0.7"><title>weight {weight:.3f}</title></line>')
    for column, (name, maps) in enumerate(zip(layer_names, neuron_maps)):
        x, _ = centre(column, 0)
        parts.append(f'<text x="{x:.1f}" y="14" text-anchor="middle">{html.escape(name)}</text>')
        for row, png in enumerate(maps):
            cx, cy = centre(column, row)
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<image x="{cx - NODE / 2:.1f}" y="{cy - NODE / 2:.1f}" width="{NODE}" '
                         f'height="{NODE}" href="data:image/png;base64,{data}">'
                         f"<title>{html.escape(name)} neuron {row + 1}</title></image>")
            parts.append(f'<rect x="{cx - NODE / 2:.1f}" y="{cy - NODE / 2:.1f}" width="{NODE}" '
                         f'height="{NODE}" fill="none" stroke="#555" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)
