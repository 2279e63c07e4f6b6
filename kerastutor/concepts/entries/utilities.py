"""Concept entries for section 6, utilities (lesson 14), and the old ``keras.utils`` module paths."""

from __future__ import annotations

from kerastutor.concepts.concept import Concept

LESSON = "14_utilities_and_scaling_out.ipynb"
DATASETS_LESSON = "08_datasets.ipynb"  # to_categorical and normalize are taught there
TO_CATEGORICAL = "8 · Labels for a classifier: `keras.utils.to_categorical`"
NORMALIZE = "9 · Scaling inputs: `keras.utils.normalize` is not pixel scaling"
NP_UTILS = "Labels and unit vectors: see lesson 8"
GET_FILE = "`get_file`: download into the Keras cache"
PRINT_SUMMARY = "`print_summary` → `model.summary(print_fn=...)`"
PLOT_MODEL = "`plot_model`: a picture of the model"
MULTI_GPU = "`multi_gpu_model` → `tf.distribute.MirroredStrategy`"
HDF5 = "`HDF5Matrix` → h5py + `keras.utils.PyDataset`"

ENTRIES: list[Concept] = [
    Concept(
        name="keras.utils.to_categorical",
        summary="Turns integer class labels into one-hot rows (a 1 in the label's column, 0 elsewhere), as "
                "categorical_crossentropy expects; argmax(axis=-1) turns them back. Always pass num_classes.",
        example="y = keras.utils.to_categorical([0, 3, 1], num_classes=4)   # shape (3, 4)\n"
                "labels = y.argmax(axis=-1)                                # [0, 3, 1]",
        lesson=DATASETS_LESSON, heading=TO_CATEGORICAL, section="utilities",
    ),
    Concept(
        name="keras.utils.normalize",
        summary="Divides each vector along an axis by its norm (L2 by default, order=1 for L1), so that "
                "every row has length 1. It keeps directions (cosine similarity); it is not pixel scaling "
                "to [0, 1].",
        example="unit = keras.utils.normalize(np.array([[3.0, 4.0]]), axis=-1, order=2)   # [[0.6, 0.8]]",
        lesson=DATASETS_LESSON, heading=NORMALIZE, section="utilities",
    ),
    Concept(
        name="keras.utils.get_file",
        summary="Downloads a file once into the Keras cache (~/.keras/datasets by default) and returns its "
                "local path; file_hash checks its SHA-256 or MD5, extract=True unpacks .tar.gz/.zip "
                "archives.",
        example='path = keras.utils.get_file("data.csv", origin="https://example.com/data.csv",\n'
                '                            file_hash="<sha256 from the publisher>",\n'
                '                            cache_dir="/tmp/cache")',
        lesson=LESSON, heading=GET_FILE, section="utilities",
    ),
    Concept(
        name="keras.utils.print_summary",
        summary="Keras 2's function that printed a model's summary, optionally through print_fn. Keras 3 has "
                "only the method model.summary(), which takes the same print_fn (called once with the whole "
                "table) plus expand_nested and show_trainable.",
        status="removed", since="Keras 2.4", replacement="Model.summary(print_fn=...)",
        error="AttributeError: module 'keras.utils' has no attribute 'print_summary'",
        example="lines = []\nmodel.summary(print_fn=lines.append)\ntext = \"\\n\".join(lines)",
        lesson=LESSON, heading=PRINT_SUMMARY, section="utilities",
    ),
    Concept(
        name="keras.utils.plot_model",
        summary="Draws a model's graph of layers into an image file (show_shapes, show_layer_activations, "
                "expand_nested, show_trainable). Needs the pydot package and Graphviz's `dot` program.",
        example='keras.utils.plot_model(model, to_file="model.png", show_shapes=True)',
        lesson=LESSON, heading=PLOT_MODEL, section="utilities",
    ),
    Concept(
        name="keras.utils.multi_gpu_model",
        summary="Keras 2's way to copy a model onto several GPUs (multi_gpu_model(model, gpus=2)). A "
                "tf.distribute.MirroredStrategy does it now: build and compile the model inside "
                "strategy.scope(), then fit as usual; the global batch is split across the replicas.",
        status="removed", since="TensorFlow 2.4", replacement="tf.distribute.MirroredStrategy",
        error="AttributeError: module 'keras.utils' has no attribute 'multi_gpu_model'",
        example="strategy = tf.distribute.MirroredStrategy()   # every GPU it finds\n"
                "with strategy.scope():\n"
                "    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)])\n"
                '    model.compile("adam", "mse")\n'
                "model.fit(x, y, batch_size=64 * strategy.num_replicas_in_sync)",
        lesson=LESSON, heading=MULTI_GPU, section="utilities",
    ),
    Concept(
        name="keras.utils.HDF5Matrix",
        summary="Keras 2's array-like view of a dataset in an HDF5 file (with start, end and a normalizer), "
                "for training on data larger than memory. Now: open the file with h5py and slice batches out "
                "of its datasets in a keras.utils.PyDataset (or a tf.data pipeline).",
        status="removed", since="TensorFlow 2.4", replacement="keras.utils.PyDataset",
        error="AttributeError: module 'keras.utils' has no attribute 'HDF5Matrix'",
        example="class H5Batches(keras.utils.PyDataset):\n"
                "    def __init__(self, x, y, batch_size, **kwargs):\n"
                "        super().__init__(**kwargs)\n"
                "        self.x, self.y, self.batch_size = x, y, batch_size   # h5py datasets\n"
                "    def __len__(self):\n"
                "        return math.ceil(len(self.x) / self.batch_size)\n"
                "    def __getitem__(self, i):\n"
                "        rows = slice(i * self.batch_size, (i + 1) * self.batch_size)\n"
                "        return self.x[rows], self.y[rows]",
        lesson=LESSON, heading=HDF5, section="utilities",
    ),
    # ---- old module paths and names from older tutorials --------------------------------------------
    Concept(
        name="keras.utils.np_utils", context="module",
        summary="Keras 2's module holding to_categorical and normalize. It became private in Keras 2.13 "
                "(keras.src) and does not exist in Keras 3: import the functions from keras.utils.",
        status="removed", since="Keras 2.13", replacement="keras.utils.to_categorical",
        error="ModuleNotFoundError: No module named 'keras.utils.np_utils'",
        example="from keras.utils import to_categorical, normalize",
        aliases=("np_utils.to_categorical",),
        lesson=LESSON, heading=NP_UTILS, section="old-tutorials",
    ),
    Concept(
        name="keras.utils.vis_utils", context="module",
        summary="Keras 2's module holding plot_model and model_to_dot. It became private in Keras 2.13 and "
                "does not exist in Keras 3: use keras.utils.plot_model and keras.utils.model_to_dot.",
        status="removed", since="Keras 2.13", replacement="keras.utils.plot_model",
        error="ModuleNotFoundError: No module named 'keras.utils.vis_utils'",
        example="from keras.utils import plot_model, model_to_dot",
        aliases=("vis_utils.plot_model",),
        lesson=LESSON, heading=PLOT_MODEL, section="old-tutorials",
    ),
    Concept(
        name="keras.utils.multi_gpu_utils", context="module",
        summary="Keras 2's module holding multi_gpu_model, removed with it; tf.distribute.MirroredStrategy "
                "replaces both.",
        status="removed", since="TensorFlow 2.4", replacement="tf.distribute.MirroredStrategy",
        error="ModuleNotFoundError: No module named 'keras.utils.multi_gpu_utils'",
        example="strategy = tf.distribute.MirroredStrategy()\nwith strategy.scope():\n    model = ...",
        aliases=("multi_gpu_utils.multi_gpu_model",),
        lesson=LESSON, heading=MULTI_GPU, section="old-tutorials",
    ),
    Concept(
        name="keras.utils.io_utils", context="module",
        summary="Keras 2's module holding HDF5Matrix. HDF5Matrix went in TensorFlow 2.4, and the module "
                "itself is private since Keras 2.13: use h5py with a keras.utils.PyDataset.",
        status="removed", since="Keras 2.13", replacement="keras.utils.PyDataset",
        error="ModuleNotFoundError: No module named 'keras.utils.io_utils'",
        example="import h5py\nfile = h5py.File(\"data.h5\", \"r\")\n"
                "x, y = file[\"x\"], file[\"y\"]   # slice batches in a keras.utils.PyDataset",
        aliases=("keras.utils.io_utils.HDF5Matrix",),
        lesson=LESSON, heading=HDF5, section="old-tutorials",
    ),
    Concept(
        name="keras.utils.Sequence",
        summary="Keras 2's base class for batch-serving datasets (__len__ and __getitem__). In Keras 3 it is "
                "another name for keras.utils.PyDataset: old subclasses still work, but their __init__ "
                "should call super().__init__(**kwargs) (workers, use_multiprocessing, max_queue_size), "
                "or Keras warns.",
        replacement="keras.utils.PyDataset",
        example="assert keras.utils.Sequence is keras.utils.PyDataset",
        lesson=LESSON, heading=HDF5, section="old-tutorials",
    ),
]
