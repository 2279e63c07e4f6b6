"""Concept entries for syllabus sections 1-3: workflow, basic concepts, keras.Model and its training methods.

Plus the old names learners paste from Keras 0.x-2.x tutorials about models, training and the backend.
Every status and error text was checked against Keras 3.15.1 (TensorFlow backend).
"""

from __future__ import annotations

from kerastutor.concepts.concept import Concept

L01 = "01_keras_workflow.ipynb"
L02 = "02_tensors_and_concepts.ipynb"
L03 = "03_models.ipynb"

# lesson 01 headings
BUILD = "Step 1 · Build the model"
CONFIGURE = "Step 2 · Configure it: `compile`"
TRAIN = "Step 3 · Train it: `fit`, watched by `LivePlot`"
ONE_BATCH = "One batch at a time: `train_on_batch`"
EVALUATE = "Step 4 · Evaluate and predict"
# lesson 02 headings
SYMBOLIC = "1 · Symbolic computation: lay the pipes, then let the water flow"
TENSORS = "2 · Tensors and axes"
LAYOUT = "3 · `channels_last` and `channels_first`"
BATCH_EPOCH = "4 · Batch and epoch"
SPLIT = "5 · `shuffle` and `validation_split`"
HDF5 = "6 · HDF5: what a saved model holds"
# lesson 03 headings
SEQUENTIAL = "Way 1 · `keras.Sequential`"
FUNCTIONAL = "Way 2 · The functional API: `keras.Input` → layers → `keras.Model(inputs, outputs)`"
SUBCLASS = "Way 3 · Subclassing `keras.Model` and implementing `call()`"
ATTRIBUTES = "`Model.layers`, `Model.inputs`, `Model.outputs`"
SUMMARY = "`Model.summary()`"
CONFIG = "`Model.get_config()` and `from_config`: the architecture as a dictionary"
WEIGHTS = "`Model.get_weights()` and `Model.set_weights()`: copy the weights"
JSON = "`Model.to_json()` and `keras.models.model_from_json`"
YAML = "`Model.to_yaml`: removed in Keras 3"
WEIGHT_FILES = "`Model.save_weights()` and `Model.load_weights()`"
GET_LAYER = "`Model.get_layer()`: by name or by index"
ON_BATCH = "One batch at a time: `train_on_batch`, `test_on_batch`, `predict_on_batch`"
GENERATORS = "`fit_generator`, `evaluate_generator`, `predict_generator`: removed"
LOOK_INSIDE = "Looking inside: a graph, or Python code?"

TINY_MODEL = ('model = keras.Sequential([keras.Input(shape=(4,)),\n'
              '                          keras.layers.Dense(3, activation="softmax")])\n'
              'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",\n'
              '              metrics=["accuracy"])\n'
              'x, y = np.random.rand(64, 4).astype("float32"), np.random.randint(0, 3, size=64)\n')

WORKFLOW: list[Concept] = [
    Concept(
        name="Sequential",
        summary="A model that is a plain stack of layers, each feeding the next: one input, one output. "
                "Start it with keras.Input(shape=...) so that it knows the shape of one sample.",
        aliases=("keras.Sequential", "keras.models.Sequential", "Sequential model"),
        example='model = keras.Sequential([keras.Input(shape=(64,)),\n'
                '                          keras.layers.Dense(32, activation="relu"),\n'
                '                          keras.layers.Dense(10, activation="softmax")])',
        lesson=L01, heading=BUILD, section="workflow",
    ),
    Concept(
        name="Sequential.add",
        summary="Puts one more layer on top of a Sequential model. Add keras.Input(shape=...) first, so "
                "that every layer is built as soon as it is added. Functional and subclassed models have no "
                "add().",
        aliases=("Model.add",),
        example='model = keras.Sequential()\nmodel.add(keras.Input(shape=(64,)))\n'
                'model.add(keras.layers.Dense(10, activation="softmax"))',
        lesson=L01, heading=BUILD, section="workflow",
    ),
    Concept(
        name="Model.compile",
        summary="Configures a model for training: the loss to minimise, the optimizer that minimises it, "
                "and the metrics to report. Call it before fit, evaluate or train_on_batch.",
        example='model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),\n'
                '              loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
        lesson=L01, heading=CONFIGURE, section="workflow",
    ),
    Concept(
        name="Model.fit",
        summary="Trains the model: epochs passes over the data, in batches of batch_size samples, "
                "optionally holding back validation_split of them. Returns a History with the per-epoch "
                "numbers. Also takes Python generators, keras.utils.PyDataset and tf.data.Dataset (what "
                "fit_generator did).",
        example=TINY_MODEL + "history = model.fit(x, y, batch_size=16, epochs=5, validation_split=0.25, "
                             "verbose=0)\nprint(history.history[\"val_accuracy\"])",
        lesson=L01, heading=TRAIN, section="workflow",
    ),
    Concept(
        name="Model.train_on_batch",
        summary="One training step on one batch you pass: forward pass, gradient, weight update. Returns "
                "the loss and metrics of that batch; the building block of a hand-written training loop.",
        example=TINY_MODEL + "loss, accuracy = model.train_on_batch(x[:16], y[:16])",
        lesson=L01, heading=ONE_BATCH, section="workflow",
    ),
    Concept(
        name="Model.evaluate",
        summary="Computes the loss and the compiled metrics on data, without changing the weights: on a "
                "test set the model never saw, the honest score.",
        example=TINY_MODEL + "test_loss, test_accuracy = model.evaluate(x, y, verbose=0)",
        lesson=L01, heading=EVALUATE, section="workflow",
    ),
    Concept(
        name="Model.predict",
        summary="Runs the model on new inputs, batch by batch, and returns the outputs as a NumPy array. "
                "For class probabilities, argmax(axis=-1) gives the predicted classes.",
        example=TINY_MODEL + "probabilities = model.predict(x, verbose=0)      # (64, 3)\n"
                             "classes = probabilities.argmax(axis=-1)",
        lesson=L01, heading=EVALUATE, section="workflow",
    ),
]

CONCEPTS: list[Concept] = [
    Concept(
        name="symbolic computation",
        summary="Keras first builds a graph from placeholders (symbolic KerasTensors from keras.Input, with "
                "a shape and a dtype but no values), and only later runs it on real data: lay the pipes, "
                "then let the water flow. Shapes are checked and parameters counted before any data "
                "arrives.",
        aliases=("symbolic tensor", "KerasTensor", "computation graph"),
        runs=("Input",),
        example='inputs = keras.Input(shape=(64,))               # KerasTensor, shape (None, 64): no values\n'
                'outputs = keras.layers.Dense(10)(inputs)         # a pipe, still no values\n'
                'model = keras.Model(inputs, outputs)\n'
                'print(model(np.ones((3, 64), "float32")).shape)  # real data: (3, 10)',
        lesson=L02, heading=SYMBOLIC, section="concepts",
    ),
    Concept(
        name="tensor",
        summary="An array of numbers with a shape: () for a number, (3,) for a vector, (batch, height, "
                "width, channels) for a batch of images. Keras layers and keras.ops take NumPy arrays or "
                "backend tensors; keras.ops.convert_to_numpy turns a tensor back into a NumPy array.",
        aliases=("tensors",),
        runs=("tensor", "convert_to_numpy"),
        example='t = keras.ops.ones((2, 3))\nprint(t.shape, keras.ops.convert_to_numpy(t).dtype)',
        lesson=L02, heading=TENSORS, section="concepts",
    ),
    Concept(
        name="axis",
        summary="One dimension of a tensor's shape, numbered from 0; -1 is the last. A reduction such as "
                "sum or mean along an axis removes it. In Keras axis 0 is always the batch (samples) axis.",
        aliases=("axes", "axis="),
        example='t = np.array([[1, 2, 3], [4, 5, 6]])\n'
                'keras.ops.sum(t, axis=0)    # [5, 7, 9]: one total per column\n'
                'keras.ops.sum(t, axis=-1)   # [6, 15]: one total per row',
        lesson=L02, heading=TENSORS, section="concepts",
    ),
    Concept(
        name="channels_last",
        summary="Image batches laid out as [samples, height, width, channels]: TensorFlow's layout and "
                "Keras's default image_data_format.",
        aliases=("NHWC",),
        example='batch = np.zeros((32, 28, 28, 3))             # channels_last\n'
                'layer = keras.layers.Conv2D(8, 3, data_format="channels_last")',
        lesson=L02, heading=LAYOUT, section="concepts",
    ),
    Concept(
        name="channels_first",
        summary="Image batches laid out as [samples, channels, height, width], as in Caffe and Theano (and "
                "PyTorch). Convert to channels_last with np.transpose(batch, (0, 2, 3, 1)), or pass "
                "data_format='channels_first' to the image layers.",
        aliases=("NCHW",),
        example='first = np.zeros((32, 3, 28, 28))                 # channels_first\n'
                'last = np.transpose(first, (0, 2, 3, 1))          # (32, 28, 28, 3)',
        lesson=L02, heading=LAYOUT, section="concepts",
    ),
    Concept(
        name="keras.config.image_data_format",
        summary="The global image layout setting, 'channels_last' (default) or 'channels_first', read by "
                "every image layer without its own data_format=. Change it with "
                "keras.config.set_image_data_format or in ~/.keras/keras.json "
                "(keras.backend.image_data_format still works too).",
        aliases=("image_data_format", "keras.config.set_image_data_format", "set_image_data_format"),
        example='print(keras.config.image_data_format())          # channels_last\n'
                'keras.config.set_image_data_format("channels_first")\n'
                'keras.config.set_image_data_format("channels_last")   # put it back',
        lesson=L02, heading=LAYOUT, section="concepts",
    ),
    Concept(
        name="functional API",
        summary="Building a model by calling layers on symbolic tensors, from keras.Input to the outputs, "
                "then keras.Model(inputs, outputs). It builds what Sequential cannot: several inputs or "
                "outputs, branches, shared layers. Keras 1 introduced it to replace the old Graph model.",
        aliases=("functional model", "Functional"),
        runs=("Input", "Model"),
        example='inputs = keras.Input(shape=(4,))\n'
                'hidden = keras.layers.Dense(16, activation="relu")(inputs)\n'
                'outputs = keras.layers.Dense(3, activation="softmax")(hidden)\n'
                'model = keras.Model(inputs, outputs)',
        lesson=L03, heading=FUNCTIONAL, section="concepts",
    ),
    Concept(
        name="batch",
        summary="The group of samples the model sees in one training step: one forward pass, one gradient, "
                "one weight update. fit(batch_size=...) sets its size; the last batch of an epoch may be "
                "smaller.",
        aliases=("batch_size", "mini-batch"),
        runs=("batch_size",),
        example=TINY_MODEL + "model.fit(x, y, batch_size=16, epochs=1, verbose=0)   # 64 / 16 = 4 steps",
        lesson=L02, heading=BATCH_EPOCH, section="concepts",
    ),
    Concept(
        name="epoch",
        summary="One pass over all the training samples: ceil(samples / batch_size) steps. fit(epochs=...) "
                "sets how many (Keras 1 called the argument nb_epoch).",
        aliases=("epochs",),
        runs=("epochs",),
        example=TINY_MODEL + "history = model.fit(x, y, batch_size=16, epochs=3, verbose=0)\n"
                             "print(len(history.history[\"loss\"]))   # 3",
        lesson=L02, heading=BATCH_EPOCH, section="concepts",
    ),
    Concept(
        name="HDF5",
        summary="A file format for large arrays, organised like folders (groups) and files (datasets) with "
                "attributes. A Keras 2 .h5 model file holds the architecture, the weights, the training "
                "configuration and the optimizer state; Keras 3 still reads and writes it (as legacy) and "
                "uses HDF5 inside its own .keras zip and for .weights.h5 files.",
        aliases=("h5", ".h5", "HDF5 file"),
        runs=("h5py", "save_model"),
        example='model.save("model.keras")             # Keras 3 format: a zip with model.weights.h5 inside\n'
                'model.save_weights("model.weights.h5")  # weights only, HDF5\n'
                'model = keras.saving.load_model("model.keras")',
        lesson=L02, heading=HDF5, section="concepts",
    ),
    Concept(
        name="h5py",
        summary="The Python package that reads and writes HDF5 files, like nested dictionaries of NumPy "
                "arrays. Keras 3 depends on it; use it to look inside .h5 and .weights.h5 files.",
        example='import h5py\nwith h5py.File("model.weights.h5", "r") as f:\n'
                '    f.visititems(lambda name, item: print(name, getattr(item, "shape", "")))',
        lesson=L02, heading=HDF5, section="concepts",
    ),
    Concept(
        name="shuffle",
        summary="fit(shuffle=True), the default, shuffles the order of the training samples at every epoch. "
                "It shuffles only what remains after validation_split has taken its part, so sorted data "
                "must be shuffled by you before fit.",
        aliases=("shuffle=",),
        example='order = np.random.default_rng(0).permutation(len(x))\n'
                'x, y = x[order], y[order]                    # shuffle once, yourself\n'
                'model.fit(x, y, epochs=5, shuffle=True, validation_split=0.1, verbose=0)',
        lesson=L02, heading=SPLIT, section="concepts",
    ),
    Concept(
        name="validation_split",
        summary="fit(validation_split=0.1) holds back the LAST 10% of the arrays, as passed and before any "
                "shuffling, and reports val_loss and val_metrics on them after each epoch. Training uses "
                "the first floor(samples × (1 - split)). Pass validation_data=(x_val, y_val) to choose them "
                "yourself.",
        aliases=("validation_split=",),
        example='split_at = math.floor(len(x) * (1 - 0.1))\n'
                'x_val, y_val = x[split_at:], y[split_at:]    # exactly what fit validates on\n'
                'model.fit(x, y, epochs=5, validation_split=0.1, verbose=0)',
        lesson=L02, heading=SPLIT, section="concepts",
    ),
]

MODEL: list[Concept] = [
    Concept(
        name="Model.layers",
        summary="The model's layers in order, as a list. A functional model lists its InputLayer first; a "
                "Sequential model leaves it out; a subclassed model lists the layers it stores as "
                "attributes.",
        example='print([layer.name for layer in model.layers])',
        lesson=L03, heading=ATTRIBUTES, section="model",
    ),
    Concept(
        name="Model.inputs",
        summary="The symbolic input tensors (KerasTensors) of a functional or Sequential model, one per "
                "input: shape with None for the batch, and dtype. A subclassed model has none.",
        example='print([(t.shape, t.dtype) for t in model.inputs])   # [((None, 4), "float32")]',
        lesson=L03, heading=ATTRIBUTES, section="model",
    ),
    Concept(
        name="Model.outputs",
        summary="The symbolic output tensors of a functional or Sequential model, one per output.",
        example='print([t.shape for t in model.outputs])              # [(None, 3)]',
        lesson=L03, heading=ATTRIBUTES, section="model",
    ),
    Concept(
        name="Model.summary",
        summary="Prints a table of the layers: name and type, output shape (None = any batch size) and "
                "number of weights, then the totals. print_fn= sends the text elsewhere (it replaced "
                "print_summary).",
        example='model.summary()\nlines = []\nmodel.summary(print_fn=lines.append)',
        lesson=L03, heading=SUMMARY, section="model",
    ),
    Concept(
        name="Model.get_config",
        summary="The architecture as plain Python data (name, layers and their settings, connections), "
                "without weights. keras.Model.from_config (Sequential.from_config) rebuilds a model with "
                "fresh weights.",
        example='config = model.get_config()\ncopy = keras.Model.from_config(config)   # new weights',
        lesson=L03, heading=CONFIG, section="model",
    ),
    Concept(
        name="Model.from_config",
        summary="Rebuilds a model from the dictionary get_config() returned: the same architecture, with "
                "new, freshly initialised weights. Use keras.Sequential.from_config for a Sequential model.",
        example='copy = keras.Model.from_config(model.get_config())\ncopy.set_weights(model.get_weights())',
        lesson=L03, heading=CONFIG, section="model",
    ),
    Concept(
        name="Model.get_weights",
        summary="Every weight of the model as a list of NumPy arrays, in layer order (for a Dense layer: "
                "kernel, then bias).",
        example='print([w.shape for w in model.get_weights()])   # [(4, 16), (16,), (16, 3), (3,)]',
        lesson=L03, heading=WEIGHTS, section="model",
    ),
    Concept(
        name="Model.set_weights",
        summary="Loads a list of NumPy arrays (as get_weights returns) into the model's weights; the shapes "
                "must match. Copies weights between any two models with the same weight shapes.",
        example='copy.set_weights(model.get_weights())   # copy now predicts exactly what model predicts',
        lesson=L03, heading=WEIGHTS, section="model",
    ),
    Concept(
        name="Model.to_json",
        summary="The architecture (get_config) as a JSON string, without weights. "
                "keras.models.model_from_json reads it back into a model with fresh weights.",
        example='text = model.to_json()\nrebuilt = keras.models.model_from_json(text)\n'
                'rebuilt.set_weights(model.get_weights())',
        lesson=L03, heading=JSON, section="model",
    ),
    Concept(
        name="keras.models.model_from_json",
        summary="Builds a model from the JSON string Model.to_json() wrote: the architecture, with fresh "
                "weights (copy them with set_weights or load_weights).",
        example='rebuilt = keras.models.model_from_json(model.to_json())',
        lesson=L03, heading=JSON, section="model",
    ),
    Concept(
        name="Model.to_yaml",
        summary="Keras 2 wrote the architecture as YAML. Loading YAML could run arbitrary code, so "
                "TensorFlow 2.6 made to_yaml and model_from_yaml raise a RuntimeError, and Keras 3 removed "
                "them. to_json holds the same information.",
        status="removed", since="Keras 3.0", replacement="Model.to_json",
        error="AttributeError: 'Functional' object has no attribute 'to_yaml'",
        example='text = model.to_json()                        # instead of model.to_yaml()\n'
                'rebuilt = keras.models.model_from_json(text)  # instead of model_from_yaml(text)',
        lesson=L03, heading=YAML, section="model",
    ),
    Concept(
        name="Model.save_weights",
        summary="Writes only the weights to an HDF5 file. In Keras 3 the file name must end in .weights.h5; "
                "model.save('name.keras') saves the whole model instead.",
        example='model.save_weights("iris.weights.h5")',
        lesson=L03, heading=WEIGHT_FILES, section="model",
    ),
    Concept(
        name="Model.load_weights",
        summary="Loads weights saved by save_weights into a model with the same architecture (for example "
                "one rebuilt from to_json or get_config).",
        example='rebuilt = keras.models.model_from_json(model.to_json())\n'
                'rebuilt.load_weights("iris.weights.h5")',
        lesson=L03, heading=WEIGHT_FILES, section="model",
    ),
    Concept(
        name="Model subclassing",
        summary="Writing a model as a Python class: inherit from keras.Model, create the layers in __init__ "
                "(after super().__init__(**kwargs)), compute the output in call(). The most flexible way, "
                "but Keras sees no graph: no summary before the first call, no inputs, no layer-by-layer "
                "outputs.",
        aliases=("subclassing", "subclassed model", "keras.Model subclass"),
        runs=("keras.Model", "call"),
        example='class MLP(keras.Model):\n'
                '    def __init__(self, **kwargs):\n'
                '        super().__init__(**kwargs)\n'
                '        self.hidden = keras.layers.Dense(16, activation="relu")\n'
                '        self.out = keras.layers.Dense(3, activation="softmax")\n\n'
                '    def call(self, inputs):\n'
                '        return self.out(self.hidden(inputs))',
        lesson=L03, heading=SUBCLASS, section="model",
    ),
    Concept(
        name="Model.call",
        summary="The forward pass of a subclassed model (or layer): plain Python from inputs to outputs. "
                "Call the model, model(x), rather than model.call(x): __call__ builds the layers and does "
                "the bookkeeping, then runs call().",
        example='outputs = model(np.ones((5, 4), "float32"))   # runs call() on real data',
        lesson=L03, heading=SUBCLASS, section="model",
    ),
]

MODEL_TRAINING: list[Concept] = [
    Concept(
        name="Model.test_on_batch",
        summary="Loss and metrics on one batch you pass, weights unchanged: evaluate for a single batch.",
        example=TINY_MODEL + "loss, accuracy = model.test_on_batch(x[:16], y[:16])",
        lesson=L03, heading=ON_BATCH, section="model-training",
    ),
    Concept(
        name="Model.predict_on_batch",
        summary="The model's outputs for one batch you pass, as a NumPy array: predict without the batching "
                "loop.",
        example=TINY_MODEL + "probabilities = model.predict_on_batch(x[:16])   # (16, 3)",
        lesson=L03, heading=ON_BATCH, section="model-training",
    ),
    Concept(
        name="Model.fit_generator",
        summary="Keras 2 trained on batches from a Python generator with a separate method. TensorFlow 2.1 "
                "made fit accept generators and deprecated fit_generator; Keras 3 removed it. Pass the "
                "generator (with steps_per_epoch), a keras.utils.PyDataset or a tf.data.Dataset to fit.",
        status="removed", since="Keras 3.0", replacement="Model.fit",
        error="AttributeError: 'Sequential' object has no attribute 'fit_generator'",
        example='def batches():\n    while True:\n        yield x[:16], y[:16]\n'
                'model.fit(batches(), steps_per_epoch=4, epochs=2, shuffle=False, verbose=0)',
        lesson=L03, heading=GENERATORS, section="model-training",
    ),
    Concept(
        name="Model.evaluate_generator",
        summary="Keras 2's evaluate for generators; deprecated in TensorFlow 2.1, removed in Keras 3. "
                "evaluate takes the generator (with steps=), a PyDataset or a tf.data.Dataset.",
        status="removed", since="Keras 3.0", replacement="Model.evaluate",
        error="AttributeError: 'Sequential' object has no attribute 'evaluate_generator'",
        example='loss, accuracy = model.evaluate(batches(), steps=4, verbose=0)',
        lesson=L03, heading=GENERATORS, section="model-training",
    ),
    Concept(
        name="Model.predict_generator",
        summary="Keras 2's predict for generators; deprecated in TensorFlow 2.1, removed in Keras 3. "
                "predict takes a generator of input batches (with steps=), a PyDataset or a "
                "tf.data.Dataset.",
        status="removed", since="Keras 3.0", replacement="Model.predict",
        error="AttributeError: 'Sequential' object has no attribute 'predict_generator'",
        example='def inputs_only():\n    while True:\n        yield (x[:16],)\n'
                'probabilities = model.predict(inputs_only(), steps=4, verbose=0)',
        lesson=L03, heading=GENERATORS, section="model-training",
    ),
    Concept(
        name="Model.get_layer",
        summary="Finds a layer by name, get_layer('hidden'), or by position in model.layers, "
                "get_layer(index=0) (the InputLayer in a functional model, the first real layer in a "
                "Sequential one).",
        example='hidden = model.get_layer("hidden")\nprint(hidden.kernel.shape)',
        lesson=L03, heading=GET_LAYER, section="model-training",
    ),
]

OLD_TUTORIALS: list[Concept] = [
    Concept(
        name="nb_epoch",
        summary="Keras 1's name for the number of epochs in fit. Keras 2.0 renamed it epochs (the old name "
                "was accepted with a warning until Keras 2.3); Keras 3's fit rejects it.",
        status="removed", since="Keras 2.4", replacement="epochs",
        error="TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument 'nb_epoch'",
        aliases=("nb_epoch=",),
        example="model.fit(x, y, epochs=10, verbose=0)        # not nb_epoch=10",
        lesson=L01, heading=TRAIN, section="old-tutorials",
    ),
    Concept(
        name="samples_per_epoch",
        summary="Keras 1's fit_generator argument: how many samples make an epoch. Keras 2.0 replaced it "
                "with steps_per_epoch, counted in batches (samples_per_epoch // batch_size), now an "
                "argument of fit.",
        status="removed", since="Keras 2.4", replacement="steps_per_epoch",
        error="TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument 'samples_per_epoch'",
        aliases=("samples_per_epoch=",),
        example="model.fit(batches(), steps_per_epoch=1000 // 16, epochs=5, shuffle=False, verbose=0)",
        lesson=L03, heading=GENERATORS, section="old-tutorials",
    ),
    Concept(
        name="nb_val_samples",
        summary="Keras 1's fit_generator argument: how many validation samples to draw from a validation "
                "generator. Keras 2.0 replaced it with validation_steps, counted in batches.",
        status="removed", since="Keras 2.4", replacement="validation_steps",
        error="TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument 'nb_val_samples'",
        aliases=("nb_val_samples=",),
        example="model.fit(batches(), steps_per_epoch=50, shuffle=False, verbose=0,\n"
                "          validation_data=val_batches(), validation_steps=10)",
        section="old-tutorials",
    ),
    Concept(
        name="show_accuracy",
        summary="Keras 0.x's fit/evaluate flag to print the accuracy. Keras 1 replaced it with "
                "metrics=['accuracy'] in compile (the flag was ignored with a warning until Keras 2.0).",
        status="removed", since="Keras 2.0", replacement="compile(metrics=['accuracy'])",
        error="TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument 'show_accuracy'",
        aliases=("show_accuracy=",),
        runs=("metrics",),
        example='model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",\n'
                '              metrics=["accuracy"])   # not fit(..., show_accuracy=True)',
        lesson=L01, heading=CONFIGURE, section="old-tutorials",
    ),
    Concept(
        name="Model input=/output= arguments",
        summary="Keras 1 built a functional model with Model(input=..., output=...). Keras 2.0 renamed the "
                "arguments inputs and outputs (the old names worked with a warning until Keras 2.3); Keras "
                "3 rejects them. Passing them by position, keras.Model(inputs, outputs), works everywhere.",
        status="removed", since="Keras 2.4", replacement="keras.Model(inputs=..., outputs=...)",
        error="ValueError: Unrecognized keyword arguments passed to Model: "
              "{'input': <KerasTensor shape=(None, 4), ...>, 'output': <KerasTensor shape=(None, 3), ...>}",
        aliases=("input=, output=", "input=/output=", "input=", "output="),
        runs=("inputs", "outputs"),
        example='inputs = keras.Input(shape=(4,))\noutputs = keras.layers.Dense(3)(inputs)\n'
                'model = keras.Model(inputs=inputs, outputs=outputs)',
        lesson=L03, heading=FUNCTIONAL, section="old-tutorials",
    ),
    Concept(
        name="Sequential.predict_classes",
        summary="Keras 2's Sequential method returning class indices. Deprecated (\"will be removed after "
                "2021-01-01\") and removed in TensorFlow 2.6: take the argmax of predict (or threshold it at "
                "0.5 for one sigmoid output).",
        status="removed", since="TensorFlow 2.6", replacement="np.argmax(model.predict(x), axis=-1)",
        error="AttributeError: 'Sequential' object has no attribute 'predict_classes'",
        aliases=("predict_classes", "Model.predict_classes"),
        runs=("argmax",),
        example='classes = np.argmax(model.predict(x, verbose=0), axis=-1)\n'
                '# one sigmoid output: (model.predict(x, verbose=0) > 0.5).astype("int32")',
        lesson=L01, heading=EVALUATE, section="old-tutorials",
    ),
    Concept(
        name="Sequential.predict_proba",
        summary="Keras 2's Sequential method returning class probabilities: the same as predict for a model "
                "that ends in softmax or sigmoid. Deprecated like predict_classes, removed in TensorFlow "
                "2.6.",
        status="removed", since="TensorFlow 2.6", replacement="Model.predict",
        error="AttributeError: 'Sequential' object has no attribute 'predict_proba'",
        aliases=("predict_proba", "Model.predict_proba"),
        example='probabilities = model.predict(x, verbose=0)',
        lesson=L01, heading=EVALUATE, section="old-tutorials",
    ),
    Concept(
        name="keras.backend.set_image_dim_ordering",
        summary="Keras 1's global image layout switch: 'tf' (channels last) or 'th' (Theano, channels "
                "first). Keras 2.0 replaced it with set_image_data_format('channels_last' / "
                "'channels_first'); the old name lasted until Keras 2.3.",
        status="removed", since="Keras 2.4", replacement="keras.config.set_image_data_format",
        error="AttributeError: module 'keras.backend' has no attribute 'set_image_dim_ordering'",
        aliases=("K.set_image_dim_ordering",),
        example='keras.config.set_image_data_format("channels_last")   # was K.set_image_dim_ordering("tf")',
        lesson=L02, heading=LAYOUT, section="old-tutorials",
    ),
    Concept(
        name="keras.backend.image_dim_ordering",
        summary="Keras 1's getter for the image layout, 'tf' or 'th' (also the image_dim_ordering key of "
                "keras.json). Keras 2.0 replaced it with image_data_format: 'channels_last' / "
                "'channels_first'.",
        status="removed", since="Keras 2.4", replacement="keras.config.image_data_format",
        error="AttributeError: module 'keras.backend' has no attribute 'image_dim_ordering'",
        aliases=("K.image_dim_ordering",),
        example='keras.config.image_data_format()   # "channels_last", was "tf"',
        lesson=L02, heading=LAYOUT, section="old-tutorials",
    ),
    Concept(
        name="dim_ordering",
        summary="Keras 1's layer argument for the image layout, dim_ordering='tf' or 'th'. Keras 2.0 "
                "renamed it data_format='channels_last' or 'channels_first'.",
        status="removed", since="Keras 2.4", replacement="data_format",
        error="ValueError: Unrecognized keyword arguments passed to Conv2D: {'dim_ordering': 'th'}",
        aliases=("dim_ordering=",),
        runs=("data_format",),
        example='keras.layers.Conv2D(16, 3, data_format="channels_first")   # was dim_ordering="th"',
        lesson=L02, heading=LAYOUT, section="old-tutorials",
    ),
    Concept(
        name="keras.backend.function",
        summary="K.function(inputs, outputs) compiled a backend function, often to read a hidden layer's "
                "output. Keras 3 removed it: build a side model keras.Model(model.input, layer.output) and "
                "call it, or use kt.activations(model, x) for every layer at once.",
        status="removed", since="Keras 3.0", replacement="keras.Model(model.input, layer.output)",
        error="AttributeError: module 'keras.backend' has no attribute 'function'",
        aliases=("K.function",),
        runs=("activations",),
        example='probe = keras.Model(model.input, model.get_layer("hidden").output)\n'
                'hidden_values = probe(x[:5])',
        lesson=L03, heading=LOOK_INSIDE, section="old-tutorials",
    ),
    Concept(
        name="keras.backend.placeholder",
        summary="Created a symbolic input tensor in TensorFlow 1 graph mode. Keras 3 removed it: "
                "keras.Input gives the symbolic tensor a model starts from.",
        status="removed", since="Keras 3.0", replacement="keras.Input",
        error="AttributeError: module 'keras.backend' has no attribute 'placeholder'",
        aliases=("K.placeholder",),
        example='inputs = keras.Input(shape=(64,))   # was K.placeholder(shape=(None, 64))',
        lesson=L02, heading=SYMBOLIC, section="old-tutorials",
    ),
    Concept(
        name="keras.backend.eval",
        summary="Evaluated a backend tensor into a NumPy array. Keras 3 removed it: use "
                "keras.ops.convert_to_numpy (or np.asarray on an eager tensor).",
        status="removed", since="Keras 3.0", replacement="keras.ops.convert_to_numpy",
        error="AttributeError: module 'keras.backend' has no attribute 'eval'",
        aliases=("K.eval",),
        example='values = keras.ops.convert_to_numpy(keras.ops.ones((2, 3)))   # was K.eval(...)',
        lesson=L02, heading=TENSORS, section="old-tutorials",
    ),
    Concept(
        name="keras.engine", context="module",
        summary="Keras 2's internal package (keras.engine.topology, keras.engine.training, base_layer...), "
                "which old code imported Layer, Model or InputSpec from. Keras 3 moved its internals to "
                "keras.src; import the public names instead: keras.layers.Layer, keras.Model, keras.Input, "
                "keras.layers.InputSpec.",
        status="removed", since="Keras 3.0", replacement="keras.layers.Layer / keras.Model (public API)",
        error="ModuleNotFoundError: No module named 'keras.engine'",
        aliases=("keras.engine.topology", "keras.engine.training", "keras.engine.base_layer"),
        runs=("Model", "Layer"),
        example='class MyLayer(keras.layers.Layer):   # was: from keras.engine.topology import Layer\n'
                '    def call(self, inputs):\n        return inputs * 2',
        section="old-tutorials",
    ),
    Concept(
        name="keras.models.Graph",
        summary="Keras 0.x's model for graphs of layers (add_input, add_node, add_output). Keras 1.0 "
                "replaced it with the functional API and kept it as a deprecated legacy class until Keras "
                "1.1.1.",
        status="removed", since="Keras 1.1.2", replacement="the functional API: keras.Model(inputs, outputs)",
        error="ImportError: cannot import name 'Graph' from 'keras.models' (.../keras/models/__init__.py)",
        aliases=("Graph", "Graph model"),
        runs=("Input", "Model"),
        example='a, b = keras.Input(shape=(4,)), keras.Input(shape=(2,))\n'
                'joined = keras.layers.Concatenate()([a, b])\n'
                'model = keras.Model([a, b], keras.layers.Dense(1)(joined))',
        lesson=L03, heading=FUNCTIONAL, section="old-tutorials",
    ),
    Concept(
        name="Sequential.model attribute",
        summary="In Keras 1 and early Keras 2 a Sequential object wrapped a Model, reached as model.model "
                "(for example model.model.optimizer). Keras 2.2 made Sequential a Model itself and "
                "deprecated the attribute; it is gone since Keras 2.4: use the Sequential model directly.",
        status="removed", since="Keras 2.4", replacement="the Sequential model itself",
        error="AttributeError: 'Sequential' object has no attribute 'model'",
        aliases=("model_model",),   # "model.model" normalised; a dotted alias would claim the key "model"
        example='model.optimizer   # was model.model.optimizer',
        section="old-tutorials",
    ),
    Concept(
        name="keras.models.model_from_yaml",
        summary="Read back an architecture written by to_yaml. Disabled in TensorFlow 2.6 (it raised a "
                "RuntimeError) because YAML loading could run arbitrary code, and removed in Keras 3.",
        status="removed", since="Keras 3.0", replacement="keras.models.model_from_json",
        error="ImportError: cannot import name 'model_from_yaml' from 'keras.models' "
              "(.../keras/models/__init__.py)",
        aliases=("model_from_yaml",),
        example='rebuilt = keras.models.model_from_json(model.to_json())',
        lesson=L03, heading=YAML, section="old-tutorials",
    ),
]

ENTRIES: list[Concept] = [*WORKFLOW, *CONCEPTS, *MODEL, *MODEL_TRAINING, *OLD_TUTORIALS]
