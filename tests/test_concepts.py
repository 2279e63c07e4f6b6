import ast
import csv
import importlib
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

import kerastutor as kt
from kerastutor.concepts import Concept, ConceptIndex
from kerastutor.concepts.index import SECTIONS, default_index, normalize

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).with_name("seed_terms.tsv")  # the syllabus's list, kept in the repository for CI
SHARED_SEED = ROOT.parent / "shared" / "seed_terms.tsv"


def seed_terms() -> list[tuple[str, str]]:
    with SEED.open() as handle:
        return [(row["section"], row["term"]) for row in csv.DictReader(handle, delimiter="\t")]


@cache
def lesson_code(lesson: str) -> tuple[str, set[str]]:
    """A lesson's code cells without comments, and its markdown headings."""
    notebook = nbformat.read(ROOT / "notebooks" / lesson, as_version=4)
    code = "\n".join(re.sub(r"#.*", "", cell.source) for cell in notebook.cells if cell.cell_type == "code")
    headings = {re.sub(r"^#+\s*", "", line).strip() for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("#")}
    return code, headings


def test_the_seed_list_matches_the_syllabus():
    terms = seed_terms()
    assert all(section and term for section, term in terms), "a row without a section or a term"
    assert len(terms) == len(set(terms)), "a term listed twice"
    sections = list(dict.fromkeys(section for section, _ in terms))
    assert sections == [key for key in SECTIONS if not key.startswith("old-")], "sections out of course order"
    if SHARED_SEED.exists():  # beside the syllabus's own checkout: the copy must be the same
        assert SEED.read_text() == SHARED_SEED.read_text()


def test_entry_modules_leave_only_their_names_behind():
    for path in sorted((ROOT / "kerastutor" / "concepts" / "entries").glob("[!_]*.py")):
        tree = ast.parse(path.read_text())
        loops = [node.lineno for node in tree.body if isinstance(node, (ast.For, ast.While, ast.With))]
        assert not loops, f"{path.name}: a loop at module level (line {loops[0]}) leaves its variables behind"
        module = importlib.import_module(f"kerastutor.concepts.entries.{path.stem}")
        assert module.ENTRIES and all(isinstance(c, Concept) for c in module.ENTRIES), path.name


@pytest.mark.parametrize(("section", "term"), seed_terms(), ids=lambda value: value)
def test_every_syllabus_name_is_explained_and_taught(section, term):
    concept = kt.explain(term)
    assert concept.name in {c.name for c in default_index().concepts}, f"{term}: no index entry"
    assert concept.section == section or term in ("Model.compile", "Model.fit", "Model.evaluate",
                                                  "Model.predict", "Model.train_on_batch")
    assert concept.lesson, f"{concept.name}: no lesson"
    assert (ROOT / "notebooks" / concept.lesson).exists(), f"{concept.name}: {concept.lesson} does not exist"
    code, headings = lesson_code(concept.lesson)
    assert concept.heading in headings, f"{concept.name}: no heading {concept.heading!r} in {concept.lesson}"
    names = concept.code_names()
    assert any(re.search(rf"\b{re.escape(name)}\b", code) for name in names), (
        f"{concept.name}: {concept.lesson} runs none of {names} in a code cell")


def test_entries_are_unique_and_every_taught_entry_is_real():
    index = default_index()
    names = [(c.context, normalize(c.name, keep_case=True)) for c in index.concepts]
    assert len(names) == len(set(names))
    for concept in index.concepts:
        assert concept.section in SECTIONS, concept.name
        if concept.lesson:
            code, headings = lesson_code(concept.lesson)
            assert concept.heading in headings, concept.name
            assert any(re.search(rf"\b{re.escape(n)}\b", code) for n in concept.code_names()), concept.name


def sample_index():
    return ConceptIndex([
        Concept("Model.fit", "Trains a model.", section="workflow", example="model.fit(x, y)"),
        Concept("Model.fit_generator", "Trained on a generator.", status="removed", since="Keras 3.0",
                replacement="Model.fit", section="model-training",
                error="AttributeError: 'Sequential' object has no attribute 'fit_generator'"),
        Concept("Subtract", "Subtracts two inputs.", section="merge-layers", aliases=("Substract",)),
        Concept("ImageDataGenerator.fit", "Computes statistics.", section="preprocessing-image"),
    ])


@pytest.mark.parametrize("spelling", ["fit_generator", "Model.fit_generator", "model.fitGenerator()",
                                      "keras.Model.fit_generator", "tf.keras.Model.fit-generator",
                                      "FIT GENERATOR"])
def test_lookup_forgives_case_separators_prefixes_and_calls(spelling):
    assert sample_index().lookup(spelling).name == "Model.fit_generator"


def test_aliases_short_names_and_see_also():
    index = sample_index()
    assert index.lookup("keras.layers.Substract").name == "Subtract"
    found = index.lookup("fit")
    assert found.name == "Model.fit" and found.see_also == ("ImageDataGenerator.fit",)
    assert index.lookup("ImageDataGenerator.fit").name == "ImageDataGenerator.fit"


def test_case_tells_a_layer_from_a_function_when_both_exist():
    index = ConceptIndex([
        Concept("Softmax", "The layer.", section="advanced-activations"),
        Concept("activations.softmax", "The function.", section="activations", aliases=("softmax",)),
    ])
    assert index.lookup("keras.layers.Softmax").summary == "The layer."
    assert index.lookup("keras.activations.softmax").summary == "The function."
    found = index.lookup("SOFTMAX")
    assert found.name == "Softmax" and found.see_also == ("activations.softmax",)


def test_a_pasted_call_is_explained_by_the_removed_keyword_it_uses():
    index = ConceptIndex([
        Concept("SGD", "Gradient descent.", section="optimizers"),
        Concept("lr", "The old learning-rate argument.", status="removed", since="Keras 3.0",
                replacement="learning_rate", section="old-tutorials", aliases=("lr=",)),
    ])
    found = index.lookup("keras.optimizers.SGD(lr=0.1, momentum=0.9)")
    assert found.name == "lr" and found.see_also == ("keras.optimizers.SGD",)
    assert index.lookup("SGD(learning_rate=0.1)").name == "SGD"
    assert kt.explain("keras.Model(input=x, output=y)").replacement.startswith("keras.Model(inputs=")


def test_unknown_names_raise_key_error_with_close_matches():
    with pytest.raises(KeyError, match="Did you mean Subtract"):
        sample_index().lookup("Subtrct")
    with pytest.raises(KeyError, match="Did you mean Subtract"):
        sample_index().lookup("Subtract_layer")
    with pytest.raises(KeyError, match="knows no Keras name 'zzzz'"):
        sample_index().lookup("zzzz")
    with pytest.raises(TypeError, match="name=3 cannot be used; name must be a Keras name as text"):
        sample_index().lookup(3)


def test_keras_3_names_without_an_entry_come_from_keras_itself():
    concept = kt.explain("keras.layers.GroupNormalization")
    assert concept.status == "present" and concept.name == "keras.layers.GroupNormalization"
    assert "normalization" in concept.summary.lower()
    assert kt.explain("Model.compute_loss").name == "Model.compute_loss"


def test_a_concept_reads_well_as_text_and_html():
    concept = sample_index().lookup("fit_generator")
    text = str(concept)
    assert text.splitlines()[0] == "Model.fit_generator: removed in Keras 3.0"
    assert "  Keras 3: Model.fit" in text and "no attribute 'fit_generator'" in text
    assert "removed in Keras 3.0" in concept._repr_html_()
    with pytest.raises(ValueError, match="since which version"):
        Concept("x", "y", status="removed")
    with pytest.raises(ValueError, match="needs its new path"):
        Concept("x", "y", status="moved", since="Keras 3.0")


def test_explain_without_a_name_lists_the_index_by_section():
    listing = kt.explain()
    assert isinstance(listing, ConceptIndex) and len(listing) >= len(seed_terms()) - 10
    text = str(listing)
    titles = [title for title in SECTIONS.values() if title in text]
    assert titles == [t for t in SECTIONS.values() if t in listing.by_section()]
    assert "fit_generator" in text and "removed in Keras 3" in text


# ---- old Keras 1/2 names by context: modules, keywords, methods (issue 16) --------------------------------

OLD_ENTRY_MODULES = ("old_modules", "old_keywords", "old_methods")
# A call that old code makes, for each keyword entry: Keras 3 must answer it with the entry's error.
OLD_KEYWORD_CALLS = {
    "Layer.batch_input_shape=": "keras.layers.Dense(2, batch_input_shape=(None, 3))",
    "Layer.batch_size=": "keras.layers.Dense(2, batch_size=3)",
    "Layer.weights=": "keras.layers.Conv2D(2, 3, weights=[1])",
    "consume_less=": "keras.layers.LSTM(2, consume_less='gpu')",
    "Embedding.dropout=": "keras.layers.Embedding(10, 2, dropout=0.2)",
    "Embedding.init=": "keras.layers.Embedding(10, 2, init='uniform')",
    "inner_init=": "keras.layers.SimpleRNN(2, inner_init='orthogonal')",
    "inner_activation=": "keras.layers.LSTM(2, inner_activation='sigmoid')",
    "U_regularizer=": "keras.layers.LSTM(2, U_regularizer=None)",
    "forget_bias_init=": "keras.layers.LSTM(2, forget_bias_init='one')",
    "bias=": "keras.layers.Dense(2, bias=False)",
    "input_dtype=": "keras.layers.Dense(2, input_dtype='float32')",
    "p=": "keras.layers.Dropout(p=0.5)",
    "sigma=": "keras.layers.GaussianNoise(sigma=0.1)",
    "beta_init=": "keras.layers.BatchNormalization(beta_init='zero')",
    "kernel_dim1=": "keras.layers.Convolution3D(8, kernel_dim1=3, kernel_dim2=3, kernel_dim3=3)",
    "UpSampling1D.length=": "keras.layers.UpSampling1D(length=2)",
    "sample_weight_mode=": "tiny_model().compile('sgd', 'mse', sample_weight_mode='temporal')",
    "subsample_length=": "keras.layers.Conv1D(2, 3, subsample_length=1)",
    "causal=": "keras.layers.Conv1D(2, 3, causal=True)",
    "BatchNormalization.mode=": "keras.layers.BatchNormalization(mode=0)",
    "nb_classes=": "keras.utils.to_categorical([1], nb_classes=3)",
    "TensorBoard.batch_size=": "keras.callbacks.TensorBoard(batch_size=32)",
    "TensorBoard.embeddings_data=": "keras.callbacks.TensorBoard(embeddings_data=1)",
    "target_tensors=": "tiny_model().compile('sgd', 'mse', target_tensors=[1])",
    "use_multiprocessing=": "tiny_model().fit(np.zeros((2, 2)), np.zeros((2, 1)), use_multiprocessing=True)",
}


def old_entries() -> list[Concept]:
    return [c for name in OLD_ENTRY_MODULES
            for c in importlib.import_module(f"kerastutor.concepts.entries.{name}").ENTRIES]


def tiny_model():
    keras = importlib.import_module("keras")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


@pytest.mark.parametrize("concept", old_entries(), ids=lambda c: c.name)
def test_every_old_entry_example_runs_in_keras_3(concept, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(concept.example, {"keras": importlib.import_module("keras"), "np": importlib.import_module("numpy")})


@pytest.mark.parametrize("concept", old_entries(), ids=lambda c: c.name)
def test_every_old_entry_error_is_what_keras_3_raises(concept):
    keras, np = importlib.import_module("keras"), importlib.import_module("numpy")
    if concept.context == "module":
        with pytest.raises(ImportError) as raised:
            importlib.import_module(concept.name)
    elif concept.context == "keyword":
        if concept.error is None:  # swallowed without a word: the entry says so
            assert "silently" in concept.summary
            return
        with pytest.raises((TypeError, ValueError)) as raised:
            eval(OLD_KEYWORD_CALLS[concept.name], {"keras": keras, "np": np, "tiny_model": tiny_model})
    elif concept.context == "method":
        assert not hasattr(keras.Model, concept.name.split(".")[-1])
        return
    else:
        module, _, attribute = concept.name.rpartition(".")
        with pytest.raises((AttributeError, ImportError)) as raised:
            getattr(importlib.import_module(module), attribute)
    assert concept.error == f"{type(raised.value).__name__}: {raised.value}"


@pytest.mark.parametrize(("query", "name"), [
    ("K.sum", "keras.backend.sum"),
    ("keras.layers.normalization", "keras.layers.normalization"),
    ("nb_classes=", "nb_classes="),
    ("keras.layers.Dense(output_dim=64)", "output_dim"),
    ("Embedding(init='uniform')", "Embedding.init="),
    ("Dense(init='uniform')", "init="),
    ("LSTM(4, batch_input_shape=(8, 10, 3))", "Layer.batch_input_shape="),
    ("model.reset_states()", "Model.reset_states"),
    ("keras.layers.Dropout(p=0.5)", "p="),
    ("keras.layers.UpSampling1D(length=2)", "UpSampling1D.length="),
    ("keras.utils.np_utils.to_categorical", "keras.utils.np_utils"),
    ("keras.backend.tensorflow_backend", "keras.backend.tensorflow_backend"),
    ("keras.layers.core.Dense", "keras.layers.core"),
    ("from keras.layers.core import Dense, Dropout", "keras.layers.core"),
    ("import keras.utils.np_utils as np_utils", "keras.utils.np_utils"),
])
def test_a_query_is_answered_from_the_context_its_spelling_says(query, name):
    assert kt.explain(query).name == name


@pytest.mark.parametrize("query", ["K.epsilon", "keras.callbacks", "keras.preprocessing",
                                   "Embedding(output_dim=8)", "keras.layers.Dense", "model.summary"])
def test_names_that_still_work_are_not_called_gone(query):
    assert kt.explain(query).status == "present"


def test_a_spelling_shared_by_contexts_shows_the_others_and_a_class_is_not_a_backend_function():
    pooling = kt.explain("pooling")
    assert pooling.name == "pooling=" and pooling.see_also == ("keras.layers.pooling",)
    assert kt.explain("pooling=").status == "present"  # the keyword of keras.applications, not the module
    assert kt.explain("normalization").see_also == ("keras.layers.normalization",)
    assert kt.explain("Sum").name == "keras.metrics.Sum"
    assert "keras.backend.sum" in kt.explain("Sum").see_also
    assert kt.explain("keras.layers.Normalization").status == "present"


@pytest.mark.parametrize("query", ["keras.layers.Dense(64, foo=1)", "K._BACKEND", "keras.legacy.layers"])
def test_an_unknown_old_spelling_is_a_key_error_not_a_present_neighbour(query):
    with pytest.raises(KeyError):
        kt.explain(query)


def test_a_call_with_a_keyword_keras_3_refuses_names_the_arguments_it_takes():
    with pytest.raises(KeyError, match="does not take it. Its arguments: units, activation"):
        kt.explain("keras.layers.Dense(64, foo=1)")
    assert kt.explain("keras.layers.Dense(64, input_shape=(3,))").name == "Dense"  # Layer takes it


def test_every_old_name_is_explained_by_its_own_entry():
    """Lesson 00's first exercise asks for the replacement of any old name: explain(name) must give it."""
    from kerastutor.concepts.index import default_index

    old = [c for c in default_index().concepts if c.status != "present" and c.replacement]
    assert [c.name for c in old if kt.explain(c.name).replacement != c.replacement] == []
