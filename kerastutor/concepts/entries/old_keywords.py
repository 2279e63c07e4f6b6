"""Concept entries for keyword arguments of Keras 1/2 calls that Keras 3 refuses or ignores.

An entry named ``kw=`` is about that keyword in any call; ``Callee.kw=`` only in calls of that callee
(``Embedding.init=`` became ``embeddings_initializer``, ``init=`` elsewhere ``kernel_initializer``), and
``Layer.kw=`` in calls of any layer. ``explain("Dense(output_dim=64)")`` finds them; a keyword the callee
still takes in Keras 3 (``Embedding(output_dim=)``) is never answered with them. Every error text was
checked against Keras 3.15.1 (``tests/test_explain_corpus.py`` runs the calls). The lesson that should
teach them: 04 (layers) for the layer keywords, 03 (models) for ``fit``/``compile``, 12 for TensorBoard.
"""

from __future__ import annotations

from functools import partial

from kerastutor.concepts.concept import Concept, entry

_keyword = partial(entry, heading=None, section="old-tutorials", context="keyword")


def _unrecognized(layer: str, keyword: str, value: str) -> str:
    """What Keras 3 raises when a layer is built with a keyword it does not know."""
    return f"ValueError: Unrecognized keyword arguments passed to {layer}: {{'{keyword}': {value}}}"


def _unexpected(function: str, keyword: str) -> str:
    """What Python raises when a Keras 3 function or method is called with a keyword it does not take."""
    return f"TypeError: {function}() got an unexpected keyword argument '{keyword}'"


ENTRIES: list[Concept] = [
    _keyword("Layer.batch_input_shape=",
             "Keras 2's way to fix the batch size of a model's input on its first layer (stateful RNNs "
             "needed it). Keras 3 layers do not take it: start the model with keras.Input(batch_shape=...) "
             "(or shape= and batch_size=).",
             "inputs = keras.Input(batch_shape=(8, 10, 3))   # was LSTM(4, batch_input_shape=(8, 10, 3))\n"
             "outputs = keras.layers.LSTM(4, stateful=True)(inputs)",
             status="removed", since="Keras 3.0", replacement="keras.Input(batch_shape=...)",
             error=_unrecognized("Dense", "batch_input_shape", "(None, 3)")),
    _keyword("Layer.batch_size=",
             "Keras 2 layers took batch_size= next to input_shape= to fix the batch size of the model's "
             "input. In Keras 3 only keras.Input takes it.",
             "inputs = keras.Input(shape=(10, 3), batch_size=8)   # was LSTM(4, batch_size=8, ...)",
             status="removed", since="Keras 3.0", replacement="keras.Input(shape=..., batch_size=...)",
             error=_unrecognized("Dense", "batch_size", "3")),
    _keyword("Layer.weights=",
             "Keras 2 layers took their initial weights as weights=[kernel, bias]. Keras 3 layers do not "
             "(Embedding is the exception, with weights=[matrix]): build the layer, then set_weights.",
             "layer = keras.layers.Dense(2)\nlayer.build((None, 3))\n"
             "layer.set_weights([np.ones((3, 2)), np.zeros(2)])   # was Dense(2, weights=[...])",
             status="removed", since="Keras 3.0", replacement="layer.set_weights([...]) after build",
             error=_unrecognized("Conv2D", "weights", "[1]")),
    _keyword("consume_less=",
             "Keras 1's choice of how recurrent layers split their computation ('cpu', 'mem', 'gpu'); Keras "
             "2 renamed it implementation=. Keras 3 chooses by itself (cuDNN on a GPU when it can).",
             "keras.layers.LSTM(32)   # was LSTM(32, consume_less='gpu')",
             status="removed", since="Keras 2.0", replacement="nothing: delete it (Keras 3 chooses)",
             error=_unrecognized("LSTM", "consume_less", "'gpu'")),
    _keyword("Embedding.dropout=",
             "Keras 1's Embedding(dropout=p) dropped whole words' vectors while training. Keras 3: put a "
             "SpatialDropout1D (whole vectors) or a Dropout layer after the Embedding.",
             "model = keras.Sequential([keras.Input((5,)), keras.layers.Embedding(100, 8),\n"
             "                          keras.layers.SpatialDropout1D(0.2)])",
             status="removed", since="Keras 2.0",
             replacement="keras.layers.SpatialDropout1D or Dropout after it",
             error=_unrecognized("Embedding", "dropout", "0.2")),
    _keyword("Embedding.init=",
             "Keras 1's initializer argument of Embedding, renamed embeddings_initializer in Keras 2.",
             'keras.layers.Embedding(100, 8, embeddings_initializer="uniform")',
             status="moved", since="Keras 2.0", replacement="embeddings_initializer",
             error=_unrecognized("Embedding", "init", "'uniform'")),
    _keyword("inner_init=",
             "Keras 1's initializer of a recurrent layer's recurrent kernel, renamed "
             "recurrent_initializer in Keras 2.",
             'keras.layers.SimpleRNN(4, recurrent_initializer="orthogonal")',
             status="moved", since="Keras 2.0", replacement="recurrent_initializer",
             error=_unrecognized("SimpleRNN", "inner_init", "'orthogonal'")),
    _keyword("inner_activation=",
             "Keras 1's activation of the gates of LSTM and GRU, renamed recurrent_activation in Keras 2.",
             'keras.layers.LSTM(4, recurrent_activation="sigmoid")',
             status="moved", since="Keras 2.0", replacement="recurrent_activation",
             error=_unrecognized("LSTM", "inner_activation", "'sigmoid'")),
    _keyword("U_regularizer=",
             "Keras 1's regularizer of a recurrent layer's recurrent kernel U, renamed recurrent_regularizer "
             "in Keras 2.",
             "keras.layers.LSTM(4, recurrent_regularizer=keras.regularizers.l2(0.01))",
             status="moved", since="Keras 2.0", replacement="recurrent_regularizer",
             error=_unrecognized("LSTM", "U_regularizer", "None")),
    _keyword("forget_bias_init=",
             "Keras 1's initializer of the LSTM forget gate's bias ('one'). Keras 2 replaced it with "
             "unit_forget_bias=True, the default.",
             "keras.layers.LSTM(4, unit_forget_bias=True)",
             status="removed", since="Keras 2.0", replacement="unit_forget_bias=True",
             error=_unrecognized("LSTM", "forget_bias_init", "'one'")),
    _keyword("bias=",
             "Keras 1's switch for a layer's bias (Dense(64, bias=False)), renamed use_bias in Keras 2.",
             "keras.layers.Dense(64, use_bias=False)",
             status="moved", since="Keras 2.0", replacement="use_bias",
             error=_unrecognized("Dense", "bias", "False")),
    _keyword("input_dtype=",
             "Keras 1's dtype of a first layer's input. Keras 3: keras.Input(shape, dtype=...) (or dtype= "
             "on the layer for its own computations).",
             'inputs = keras.Input(shape=(3,), dtype="int32")',
             status="removed", since="Keras 2.0", replacement="keras.Input(shape=..., dtype=...)",
             error=_unrecognized("Dense", "input_dtype", "'float32'")),
    _keyword("p=",
             "Keras 1's dropout fraction of Dropout, SpatialDropout1D/2D/3D and GaussianDropout, renamed "
             "rate in Keras 2.",
             "keras.layers.Dropout(rate=0.5)   # was Dropout(p=0.5)",
             status="moved", since="Keras 2.0", replacement="rate",
             error="TypeError: Dropout.__init__() missing 1 required positional argument: 'rate'"),
    _keyword("sigma=",
             "Keras 1's standard deviation of GaussianNoise, renamed stddev in Keras 2.",
             "keras.layers.GaussianNoise(stddev=0.1)   # was GaussianNoise(sigma=0.1)",
             status="moved", since="Keras 2.0", replacement="stddev",
             error="TypeError: GaussianNoise.__init__() missing 1 required positional argument: 'stddev'"),
    _keyword("beta_init=",
             "Keras 1's initializers of BatchNormalization's offset (beta_init) and scale (gamma_init), "
             "renamed beta_initializer and gamma_initializer in Keras 2.",
             'keras.layers.BatchNormalization(beta_initializer="zeros", gamma_initializer="ones")',
             status="moved", since="Keras 2.0",
             replacement="beta_initializer (gamma_init: gamma_initializer)",
             aliases=("gamma_init=",),
             error=_unrecognized("BatchNormalization", "beta_init", "'zero'")),
    _keyword("kernel_dim1=",
             "Keras 1's Convolution3D(nb_filter, kernel_dim1, kernel_dim2, kernel_dim3): the kernel's size "
             "along each axis. Keras 2 and 3 take one kernel_size (an int or a triple).",
             "keras.layers.Conv3D(8, kernel_size=(3, 3, 3))",
             status="removed", since="Keras 2.0", replacement="kernel_size=(d1, d2, d3)",
             aliases=("kernel_dim2=", "kernel_dim3="),
             error="TypeError: Conv3D.__init__() missing 1 required positional argument: 'kernel_size'"),
    _keyword("UpSampling1D.length=",
             "Keras 1's repeat count of UpSampling1D, renamed size in Keras 2.",
             "keras.layers.UpSampling1D(size=2)",
             status="moved", since="Keras 2.0", replacement="size",
             error=_unrecognized("UpSampling1D", "length", "2")),
    _keyword("sample_weight_mode=",
             "Keras 2's compile(sample_weight_mode='temporal') allowed one weight per timestep. Keras 3 "
             "needs no switch: pass fit a sample_weight array shaped like the targets' leading axes.",
             "model = keras.Sequential([keras.Input((4, 3)), keras.layers.Dense(1)])\n"
             "model.compile(optimizer=\"adam\", loss=\"mse\")\n"
             "model.fit(np.zeros((8, 4, 3)), np.zeros((8, 4, 1)), sample_weight=np.ones((8, 4)), verbose=0)",
             status="removed", since="Keras 3.0",
             replacement="fit(sample_weight=...) shaped (samples, timesteps)",
             error=_unexpected("Trainer.compile", "sample_weight_mode")),
    _keyword("subsample_length=",
             "Keras 1's stride of Convolution1D and pooling, renamed strides in Keras 2.",
             "keras.layers.Conv1D(16, 3, strides=2)",
             status="removed", since="Keras 2.0", replacement="strides",
             error=_unrecognized("Conv1D", "subsample_length", "1")),
    _keyword("causal=",
             "Keras 1's AtrousConvolution1D(causal=True) padded so that no output looks ahead in time. "
             "Keras 2 and 3 spell it padding='causal'.",
             'keras.layers.Conv1D(16, 3, padding="causal", dilation_rate=2)',
             status="removed", since="Keras 2.0", replacement='padding="causal"',
             error=_unrecognized("Conv1D", "causal", "True")),
    _keyword("BatchNormalization.mode=",
             "Keras 1's BatchNormalization(mode=0|1|2): 0 normalized per feature with moving statistics "
             "(what Keras 2 and 3 always do), 2 per batch even at inference. Delete it; for per-sample "
             "statistics use LayerNormalization.",
             "keras.layers.BatchNormalization()   # was BatchNormalization(mode=0)",
             status="removed", since="Keras 2.0", replacement="nothing: delete it (mode 0 is what it does)",
             error=_unrecognized("BatchNormalization", "mode", "0")),
    _keyword("nb_words=",
             "Keras 1's vocabulary size of imdb.load_data, reuters.load_data and Tokenizer, renamed "
             "num_words in Keras 2. Keras 3's load_data swallows unknown keywords without a word, so "
             "nb_words= silently keeps every word.",
             "options = dict(num_words=10000)   # was nb_words=10000\n"
             "load = keras.datasets.imdb.load_data\n"
             "# (x_train, y_train), (x_test, y_test) = load(**options)",
             status="removed", since="Keras 2.0", replacement="num_words"),
    _keyword("nb_classes=",
             "Keras 1's number of classes of to_categorical, renamed num_classes in Keras 2.",
             "keras.utils.to_categorical([0, 2, 1], num_classes=3)",
             status="removed", since="Keras 2.0", replacement="num_classes",
             error=_unexpected("to_categorical", "nb_classes")),
    _keyword("TensorBoard.batch_size=",
             "Keras 2's TensorBoard(batch_size=) sized the batches it fed through the model for histograms. "
             "Keras 3's TensorBoard computes histograms from the weights each epoch and needs no batch size.",
             'board = keras.callbacks.TensorBoard(log_dir="logs", histogram_freq=1)',
             status="removed", since="Keras 3.0", replacement="nothing: delete it",
             error=_unexpected("TensorBoard.__init__", "batch_size")),
    _keyword("TensorBoard.embeddings_data=",
             "Keras 2's TensorBoard(embeddings_data=, embeddings_layer_names=) chose which data and layers "
             "the embedding projector showed. Keras 3 logs every Embedding layer's weights when "
             "embeddings_freq > 0, labelled with embeddings_metadata.",
             'board = keras.callbacks.TensorBoard(log_dir="logs", embeddings_freq=1)',
             status="removed", since="Keras 3.0", replacement="embeddings_freq (and embeddings_metadata)",
             aliases=("TensorBoard.embeddings_layer_names=",),
             error=_unexpected("TensorBoard.__init__", "embeddings_data")),
    _keyword("target_tensors=",
             "Keras 2's compile(target_tensors=) fed targets as tensors instead of through fit. Keras 3 has "
             "no such argument: pass the targets to fit (a tf.data.Dataset of (x, y) pairs), or compute the "
             "loss yourself in a custom train_step.",
             "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
             "model.compile(optimizer=\"adam\", loss=\"mse\")\n"
             "model.fit(np.zeros((8, 3)), np.zeros((8, 1)), epochs=1, verbose=0)",
             status="removed", since="Keras 3.0",
             replacement="the targets passed to fit (or a custom train_step)",
             error=_unexpected("Trainer.compile", "target_tensors")),
    _keyword("use_multiprocessing=",
             "Keras 2's fit(workers=, use_multiprocessing=, max_queue_size=) loaded batches of a generator "
             "or Sequence in parallel. Keras 3 moved all three into keras.utils.PyDataset's constructor: "
             "the dataset itself says how it is loaded.",
             "class Batches(keras.utils.PyDataset):\n"
             "    def __init__(self, **kwargs):\n"
             "        super().__init__(**kwargs)   # workers=, use_multiprocessing=, max_queue_size=\n"
             "    def __len__(self):\n        return 4\n"
             "    def __getitem__(self, i):\n        return np.zeros((8, 3)), np.zeros((8, 1))\n"
             "batches = Batches(workers=2, use_multiprocessing=False)",
             status="removed", since="Keras 3.0",
             replacement="keras.utils.PyDataset(workers=..., use_multiprocessing=..., max_queue_size=...)",
             aliases=("workers=", "max_queue_size=", "pickle_safe=", "nb_worker=", "max_q_size="),
             error="TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument "
                   "'use_multiprocessing'"),
]
