"""The playground's pictures as pure functions on synthetic arrays: colours by class or on the orange-blue
scale, the points layer, the neuron sprite, the network diagram, the loss curves, and the numpy forward
pass the redraws use."""

import io
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PIL import Image

from kerastutor.play.curves import MAX_POINTS, loss_curves_svg
from kerastutor.play.diagram import network_svg
from kerastutor.play.figures import (
    BLUE,
    CLASS_COLORS,
    GREEN,
    ORANGE,
    PURPLE,
    WHITE,
    class_shade,
    data_to_pixels,
    map_png,
    neuron_rgb,
    neuron_sprite,
    output_rgb,
    pixels_to_data,
    point_colors,
    points_svg,
    shade,
)
from kerastutor.play.network import output_units
from kerastutor.play.settings import Settings
from kerastutor.play.snapshot import map_title

SVG = "{http://www.w3.org/2000/svg}"


def colour(rgb) -> np.ndarray:
    return np.asarray(rgb, dtype=float).astype(np.uint8)


def test_the_two_class_scale_runs_orange_white_blue_on_a_fixed_range():
    shades = shade(np.array([0.0, 0.5, 1.0, np.nan, np.inf, -5.0]), 0, 1)
    assert np.array_equal(shades, [colour(ORANGE), colour(WHITE), colour(BLUE), colour(WHITE), colour(BLUE),
                                   colour(ORANGE)])
    output = np.array([[[0.0, 1.0]]])  # one unit, one row of two points
    assert np.array_equal(output_rgb(output, 2, (0.0, 1.0))[0], [colour(ORANGE), colour(BLUE)])
    assert np.array_equal(output_rgb(output, 0, (-1.0, 1.0))[0, 0], shade(np.array(0.0), -1, 1))  # regression


def test_three_or_more_classes_show_the_likeliest_class_paler_where_less_sure():
    probabilities = np.array([[1.0, 1 / 3, 0.1, 0.0],
                              [0.0, 1 / 3, 0.2, 0.0],
                              [0.0, 1 / 3, 0.7, 1.0]]).reshape(3, 1, 4)
    rgb = class_shade(probabilities)[0]
    assert np.array_equal(rgb[0], colour(ORANGE)) and np.array_equal(rgb[3], colour(GREEN))
    assert np.array_equal(rgb[1], colour(WHITE))  # chance level: white
    confidence = (0.7 - 1 / 3) / (1 - 1 / 3)
    assert np.allclose(rgb[2], WHITE + (GREEN - WHITE) * confidence, atol=1)
    assert np.array_equal(output_rgb(probabilities, 3, (0.0, 1.0)), class_shade(probabilities))
    four = np.zeros((4, 1, 1))
    four[3] = 1.0
    assert np.array_equal(class_shade(four)[0, 0], colour(PURPLE))
    with pytest.raises(ValueError, match="colours for 4 classes, not 5: use labels 0 to 3"):
        class_shade(np.zeros((5, 2, 2)))


def test_points_are_coloured_by_class_or_by_label_on_the_scale():
    assert np.array_equal(point_colors(np.array([0, 1, 2, 3]), 4, (0, 1)), CLASS_COLORS.astype(np.uint8))
    assert np.array_equal(point_colors(np.array([0.0, 1.0]), 2, (0, 1)), [colour(ORANGE), colour(BLUE)])
    assert np.array_equal(point_colors(np.array([5.0]), 0, (-5, 5)), [colour(BLUE)])  # regression: the top


def test_an_output_neuron_of_many_classes_shows_its_class_probability():
    values = np.array([0.0, 1.0])
    assert np.array_equal(neuron_rgb(values, 3, output_class=1), [colour(WHITE), colour(BLUE)])
    # any other neuron (and two classes' one output) on its own symmetric scale
    assert np.array_equal(neuron_rgb(np.array([-0.01, 0.01]), 3), [colour(ORANGE), colour(BLUE)])
    assert np.array_equal(neuron_rgb(np.array([0.5, 1.0]), 2, output_class=0)[1], colour(BLUE))
    assert [output_units(k) for k in (0, 2, 3, 4)] == [1, 1, 3, 4]  # network's: one per class from 3


def test_the_map_is_sent_at_its_own_resolution():
    rgb = shade(np.linspace(0, 1, 51 * 51).reshape(51, 51), 0, 1)
    picture = Image.open(io.BytesIO(map_png(rgb)))
    assert picture.size == (51, 51) and np.array_equal(np.asarray(picture.convert("RGB")), rgb)


def test_the_points_layer_puts_each_point_where_the_map_shows_its_place():
    extent = (-6.0, 6.0, -6.0, 6.0)
    corners = np.array([[-6.0, 6.0], [6.0, -6.0], [0.0, 0.0]])
    assert np.allclose(data_to_pixels(corners, 300, extent), [[0, 0], [300, 300], [150, 150]])
    assert pixels_to_data(0, 0, 300, extent) == (-6.0, 6.0)
    assert np.allclose(pixels_to_data(75, 225, 300, extent), (-3.0, -3.0))  # a click's place, in data units
    train = (np.array([[-3.0, 3.0], [3.0, 3.0]]), np.array([0, 2]))
    test = (np.array([[0.0, 0.0]]), np.array([1]))
    svg = points_svg(train, test, 3, (0.0, 1.0), 300, extent)
    root = ElementTree.fromstring(svg)
    assert "pointer-events:none" in root.get("style") and root.get("width") == "300"
    trained, tested = root.findall(f"{SVG}g")
    assert trained.get("stroke") == "#fff" and tested.get("stroke") == "#000"
    circles = trained.findall(f"{SVG}circle")
    assert [(c.get("cx"), c.get("cy"), c.get("fill")) for c in circles] == [
        ("75.0", "75.0", "#f59322"), ("225.0", "75.0", "#009e73")]
    assert tested.find(f"{SVG}circle").get("fill") == "#0877bd"
    without_test = ElementTree.fromstring(points_svg(train, None, 0, (0, 2), 300, extent))
    assert len(without_test.findall(f"{SVG}g")) == 1


def sprite_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_the_neuron_sprite_tiles_each_map_on_its_own_scale():
    first = np.stack([np.full((4, 4), -3.0), np.full((4, 4), 0.5)])  # two neurons in column 0
    second = np.linspace(-0.01, 0.01, 16).reshape(1, 4, 4)  # tiny values still use the full colour range
    sprite = sprite_pixels(neuron_sprite([first, second], 2))
    assert sprite.shape == (8, 8, 3)
    assert np.array_equal(sprite[0, 0], colour(ORANGE)) and np.array_equal(sprite[4, 0], colour(BLUE))
    assert np.array_equal(sprite[0, 4], colour(ORANGE)) and np.array_equal(sprite[3, 7], colour(BLUE))
    assert np.array_equal(sprite[7, 7], [255, 255, 255])  # no neuron there


def test_the_sprite_shows_each_class_output_neuron_in_its_class_colour():
    hidden = np.zeros((2, 4, 4))
    output = np.stack([np.full((4, 4), 1.0), np.zeros((4, 4)), np.full((4, 4), 1.0)])
    sprite = sprite_pixels(neuron_sprite([hidden, output], 3))
    assert sprite.shape == (12, 8, 3)
    assert np.array_equal(sprite[0, 4], colour(ORANGE)) and np.array_equal(sprite[4, 4], colour(WHITE))
    assert np.array_equal(sprite[8, 4], colour(GREEN))
    assert np.array_equal(sprite[0, 0], colour(WHITE))  # a hidden neuron at 0: the middle of its scale


def test_the_network_diagram_draws_every_neuron_and_weight():
    titles = [["x1", "x2"], ["hidden1 neuron 1", "hidden1 neuron 2", "hidden1 neuron 3"], ["output neuron 1"]]
    sprite = neuron_sprite([np.zeros((2, 4, 4)), np.zeros((3, 4, 4)), np.zeros((1, 4, 4))], 2)
    weights = [np.array([[0.5, -1.0, 0.0], [2.0, 0.1, -0.2]]), np.array([[1.0], [-1.0], [0.3]])]
    svg = network_svg(["x1, x2", "hidden1", "output"], titles, sprite, 4, weights)
    root = ElementTree.fromstring(svg)
    lines = root.findall(f"{SVG}g/{SVG}line")
    neurons = root.findall(f"{SVG}svg")
    assert len(neurons) == 6 and len(lines) == 2 * 3 + 3 * 1
    assert [n.get("viewBox") for n in neurons[2:5]] == ["4 0 4 4", "4 4 4 4", "4 8 4 4"]  # hidden1's tiles
    hover = root.findall(f"{SVG}rect")
    assert [r.find(f"{SVG}title").text for r in hover] == [title for column in titles for title in column]
    # each neuron has a large copy of its own tile, shown while the pointer is over the neuron
    previews = [g for g in root.findall(f"{SVG}g") if "kt-preview" in (g.get("class") or "")]
    assert [p.get("class") for p in previews[2:5]] == ["kt-preview kt-p1-0", "kt-preview kt-p1-1",
                                                       "kt-preview kt-p1-2"]
    assert previews[3].find(f"{SVG}svg").get("viewBox") == "4 4 4 4"
    assert hover[3].get("class") == "kt-n1-1" and ".kt-n1-1:hover~.kt-p1-1{display:inline}" in svg
    # several playgrounds on one page: each picture uses its own sprite
    other_sprite = neuron_sprite([np.ones((2, 4, 4)), np.zeros((3, 4, 4)), np.zeros((1, 4, 4))], 2)
    other = network_svg(["x1, x2", "hidden1", "output"], titles, other_sprite, 4, weights)
    ids = [re.search(r'<image id="([^"]+)"', text).group(1) for text in (svg, other)]
    assert ids[0] != ids[1] and f'href="#{ids[0]}"' in svg
    widths = {line.find(f"{SVG}title").text: float(line.get("stroke-width")) for line in lines}
    assert widths["weight 2.000"] == pytest.approx(5.5) and widths["weight 0.000"] == pytest.approx(0.5)
    colors = {line.find(f"{SVG}title").text: line.get("stroke") for line in lines}
    assert colors["weight -1.000"] == "#f59322" and colors["weight 0.500"] == "#0877bd"


def test_long_loss_curves_are_drawn_from_a_bounded_number_of_points():
    train = list(np.linspace(1.0, 0.1, 5000))
    train[10] = float("nan")  # left out, not drawn as a jump
    root = ElementTree.fromstring(loss_curves_svg(train, train))
    for line in root.findall(f"{SVG}polyline"):
        points = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
        assert len(points) <= MAX_POINTS and points[0][0] == 28 and points[-1][0] == 300 - 28
    short = ElementTree.fromstring(loss_curves_svg([0.5, 0.4], []))
    assert len(short.findall(f"{SVG}polyline")) == 1 and "epoch 2" in loss_curves_svg([0.5, 0.4], [])


def test_the_still_pictures_title_says_what_the_colours_mean():
    assert map_title(2) == "output (orange 0, blue 1)" and "low" in map_title(0)
    assert map_title(4) == "most likely class (orange 0, blue 1, green 2, purple 3), paler where less sure"
    assert map_title(3, "output", 2, output=True) == "output: class 2 probability (white 0, green 1)"
    assert map_title(3, "hidden1", 0) == "hidden1 neuron 1 (orange low, blue high)"


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_the_numpy_forward_pass_matches_the_keras_model(activation):
    from kerastutor.play.features import transform
    from kerastutor.play.forward import column_maps
    from kerastutor.play.session import Session

    session = Session(Settings(hidden=(3, 2), features=("x1", "x2", "x1*x2"), activation=activation))
    session.step(2)
    columns = transform(session.grid(9), session.settings.features)
    maps, kernels = column_maps(session.model, columns, session.settings.features, 9)
    expected = session.neuron_maps(9)
    assert [name for name, _ in maps] == [name for name, _ in expected]
    for (_, ours), (_, theirs) in zip(maps, expected):
        assert ours.shape == theirs.shape and np.allclose(ours, theirs, atol=1e-5)
    assert all(np.array_equal(a, b) for a, b in zip(kernels, session.kernels()))


def test_the_numpy_activations_are_keras_activations():
    import keras

    from kerastutor.play.forward import ACTIVATIONS

    x = np.linspace(-30, 30, 24, dtype="float32").reshape(4, 6)
    for name, function in ACTIVATIONS.items():
        assert np.allclose(function(x), np.asarray(keras.activations.get(name)(x)), atol=1e-6), name
