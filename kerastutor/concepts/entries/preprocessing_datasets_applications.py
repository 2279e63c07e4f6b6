"""Concept entries for section 5 (sequence, text and image preprocessing, lessons 06-07) and section 6's
sample datasets (lesson 08) and pretrained models (lesson 09), plus the old names of those areas."""

from __future__ import annotations

from kerastutor.concepts.concept import Concept

IMAGES = "06_image_preprocessing.ipynb"
TEXT = "07_text_and_sequences.ipynb"
DATA = "08_datasets.ipynb"
APPS = "09_pretrained_and_transfer.ipynb"

WHERE_IDG_WENT = "1 · Where `ImageDataGenerator` went"
SCALING = "3 · Scaling and standardizing: `fit` and `standardize`"
CENTRING = "Centring on the training set: `fit`, then `standardize`"
ONE_TRANSFORM = "4 · One random transformation: `get_random_transform`, `apply_transform`, `random_transform`"
FLOW = "5 · Batches from arrays: `flow` and `tf.data`"
FROM_FOLDER = "6 · Batches from a folder: `flow_from_directory`"
TEXT_VECTORIZATION = "2 · `TextVectorization`: from words to integer ids"
PAD = "3 · `pad_sequences`: making lists of ids the same length"
TOKENIZER = "4 · The Keras 2 `Tokenizer`: removed in Keras 3"
WINDOWS = "6 · `timeseries_dataset_from_array`: windows of a series"
GENERATOR = "7 · The Keras 2 `TimeseriesGenerator`: removed in Keras 3"
MODELS = "1 · The pretrained models of `keras.applications`"
ARGUMENTS = "The common constructor arguments"
PREPROCESS = "`preprocess_input`: each family has its own"
AS_IT_IS = "2 · Using a pretrained model as it is"

IDG_IMPORT_ERROR = "ImportError: cannot import name 'ImageDataGenerator' from 'keras.preprocessing.image'"
TEXT_MODULE_ERROR = "ModuleNotFoundError: No module named 'keras.preprocessing.text'"
IDG_GONE = ("Removed from Keras 3 with the whole ImageDataGenerator class (a frozen, deprecated copy remains "
            "in tf.keras.preprocessing.image).")


def _idg_method(method: str, summary: str, replacement: str, heading: str, example: str,
                runs: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Concept:
    """An entry for one method of the removed ImageDataGenerator."""
    return Concept(
        name=f"ImageDataGenerator.{method}", summary=f"{summary} {IDG_GONE}", status="removed",
        since="Keras 3.0", replacement=replacement, error=IDG_IMPORT_ERROR, example=example,
        lesson=IMAGES, heading=heading, section="preprocessing-image", runs=runs, aliases=aliases,
    )


SEQUENCE_AND_TEXT: list[Concept] = [
    Concept(
        name="sequence preprocessing",
        summary="Turning a time series into what a model reads: short windows of consecutive values, each "
                "with the value to predict. In Keras 3 keras.utils.timeseries_dataset_from_array cuts the "
                "windows and batches them as a tf.data.Dataset; keras.utils.pad_sequences makes lists of "
                "ids the same length.",
        replacement="keras.utils.timeseries_dataset_from_array",
        example="series = np.arange(10)\n"
                "windows = keras.utils.timeseries_dataset_from_array(\n"
                "    series, targets=series[3:], sequence_length=3, batch_size=4)   # [0, 1, 2] -> 3, ...",
        lesson=TEXT, heading=WINDOWS, section="preprocessing-sequence",
        aliases=("series preprocessing", "time series preprocessing", "timeseries preprocessing"),
        runs=("timeseries_dataset_from_array",),
    ),
    Concept(
        name="text preprocessing",
        summary="Turning text into numbers: standardize (lower case, no punctuation), split into words, "
                "look each word up in a vocabulary. In Keras 3 one layer does it all, "
                "keras.layers.TextVectorization (adapt() learns the vocabulary); it replaces Keras 2's "
                "keras.preprocessing.text.Tokenizer.",
        replacement="keras.layers.TextVectorization",
        example='vectorizer = keras.layers.TextVectorization(output_mode="int", output_sequence_length=12)\n'
                'vectorizer.adapt(np.array(["good coffee", "bad coffee"], dtype=object))\n'
                'ids = vectorizer(np.array(["good tea"], dtype=object))   # [[2, 1, 0, ...]]: 1 = [UNK]',
        lesson=TEXT, heading=TEXT_VECTORIZATION, section="preprocessing-text",
        runs=("TextVectorization",),
    ),
]

IMAGE: list[Concept] = [
    Concept(
        name="ImageDataGenerator",
        summary="Keras 2's one class for image preprocessing and augmentation: rescale and featurewise "
                "statistics (fit, standardize), random transformations (get_random_transform, "
                "apply_transform, random_transform) and batch iterators (flow, flow_from_directory). Keras "
                "3 removed it: augmentation is done by Random* layers (RandomRotation, RandomTranslation, "
                "RandomZoom, RandomFlip...), scaling by Rescaling and Normalization, batching by tf.data. A "
                "deprecated copy that runs NumPy/SciPy on one image at a time remains in "
                "tf.keras.preprocessing.image.",
        status="removed", since="Keras 3.0",
        replacement="keras.layers.RandomRotation, RandomTranslation, RandomZoom, RandomFlip (augmentation "
                    "layers)",
        error=IDG_IMPORT_ERROR,
        example="augmentation = keras.Sequential([\n"
                "    keras.layers.RandomRotation(20 / 360, fill_mode=\"nearest\"),   # rotation_range=20\n"
                "    keras.layers.RandomTranslation(0.1, 0.1, fill_mode=\"nearest\"),  # width/height_shift\n"
                "    keras.layers.RandomZoom(0.2, fill_mode=\"nearest\"),             # zoom_range=0.2\n"
                "])\n"
                "augmented = augmentation(images, training=True)",
        lesson=IMAGES, heading=WHERE_IDG_WENT, section="preprocessing-image",
        aliases=("keras.preprocessing.image.ImageDataGenerator",
                 "tf.keras.preprocessing.image.ImageDataGenerator"),
        runs=("ImageDataGenerator", "RandomRotation"),
    ),
    _idg_method(
        "apply_transform",
        "Applied a dict of transformation parameters (theta, tx, ty, zx, zy, flip_horizontal...) to one "
        "image. Keras 3: a Random* layer's transform_images(images, transformation) applies given "
        "parameters to a batch, and keras.ops.image.affine_transform applies any affine transformation.",
        "keras.ops.image.affine_transform",
        ONE_TRANSFORM,
        "shift_right = np.array([[1, 0, -3, 0, 1, 0, 0, 0]], dtype=\"float32\")   # 3 pixels right\n"
        "moved = keras.ops.image.affine_transform(images, shift_right, fill_mode=\"nearest\")",
        aliases=("ImageDataGenerator.apply_transfrom", "apply_transfrom"),
    ),
    _idg_method(
        "fit",
        "Measured the training set's per-channel mean and standard deviation (featurewise_center, "
        "featurewise_std_normalization; ZCA whitening too) for standardize to use; it trains nothing. "
        "Keras 3: keras.layers.Normalization(axis=-1).adapt(x).",
        "keras.layers.Normalization.adapt",
        CENTRING,
        "normalize = keras.layers.Normalization(axis=-1)\n"
        "normalize.adapt(x_train)                 # per-channel mean and variance\n"
        "x_test_standardized = normalize(x_test)",
    ),
    _idg_method(
        "flow",
        "Returned an iterator of augmented, standardized batches (images, labels) from arrays, for "
        "fit_generator. Keras 3: a tf.data pipeline that maps augmentation layers over batches, or the "
        "augmentation layers inside the model.",
        "tf.data.Dataset.map",
        FLOW,
        "dataset = (tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(32)\n"
        "           .map(lambda x, y: (augmentation(x, training=True), y)))\n"
        "model.fit(dataset, epochs=10)",
        runs=("flow", "map", "from_tensor_slices"),
    ),
    _idg_method(
        "flow_from_directory",
        "Read images from one sub-folder per class, resized to target_size, in augmented batches. Keras 3: "
        "keras.utils.image_dataset_from_directory returns a tf.data.Dataset of (images, labels).",
        "keras.utils.image_dataset_from_directory",
        FROM_FOLDER,
        "dataset = keras.utils.image_dataset_from_directory(\n"
        "    \"images/\", image_size=(32, 32), color_mode=\"grayscale\", batch_size=16)\n"
        "dataset = dataset.map(lambda x, y: (keras.layers.Rescaling(1 / 255)(x), y))",
    ),
    _idg_method(
        "get_random_transform",
        "Drew random parameters for one image within the generator's ranges: a dict with theta, tx, ty, "
        "shear, zx, zy, flips... Keras 3: each Random* layer's get_random_transformation(images) draws "
        "them for a whole batch.",
        "keras.layers.RandomRotation.get_random_transformation",
        ONE_TRANSFORM,
        "rotate = keras.layers.RandomRotation(20 / 360, seed=1)\n"
        "transformation = rotate.get_random_transformation(images)   # one angle per image\n"
        "rotated = rotate.transform_images(images, transformation)",
    ),
    _idg_method(
        "random_transform",
        "get_random_transform followed by apply_transform: one randomly transformed copy of one image. "
        "Keras 3: call a Random* layer (RandomRotation, RandomTranslation, RandomZoom, RandomFlip...) on a "
        "batch; it augments when training=True (the default when called on its own) and passes the images "
        "through with training=False.",
        "keras.layers.RandomRotation (and the other Random* layers)",
        ONE_TRANSFORM,
        "rotate = keras.layers.RandomRotation(20 / 360, fill_mode=\"nearest\", seed=1)\n"
        "augmented = rotate(images)                    # new random angles at every call\n"
        "unchanged = rotate(images, training=False)",
        runs=("random_transform", "RandomRotation"),
    ),
    _idg_method(
        "standardize",
        "Applied the generator's normalizations to a batch, in place: rescale, samplewise and featurewise "
        "centring and scaling. Keras 3: keras.layers.Rescaling(scale, offset) and "
        "keras.layers.Normalization, which return new tensors and can sit inside the model.",
        "keras.layers.Rescaling / keras.layers.Normalization",
        SCALING,
        "to_unit = keras.layers.Rescaling(1 / 255)             # rescale=1/255\n"
        "to_plus_minus_one = keras.layers.Rescaling(1 / 127.5, offset=-1)",
        runs=("standardize", "Rescaling", "Normalization"),
    ),
]

DATASETS: list[Concept] = [
    Concept(
        name="keras.datasets.mnist",
        summary="70,000 handwritten digits, 28x28 grey uint8 images (0-255), labels 0-9: 60,000 to train, "
                "10,000 to test. load_data() downloads mnist.npz once into ~/.keras/datasets.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
                "# x_train: (60000, 28, 28) uint8, y_train: (60000,)",
        lesson=DATA, heading="1 · MNIST", section="datasets", aliases=("MNIST",), runs=("mnist",),
    ),
    Concept(
        name="keras.datasets.fashion_mnist",
        summary="Zalando's drop-in replacement for MNIST: 70,000 28x28 grey photos of clothing in 10 classes "
                "(T-shirt/top, Trouser, ... Ankle boot), same shapes and split as MNIST, harder to classify.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()",
        lesson=DATA, heading="2 · Fashion-MNIST", section="datasets", aliases=("Fashion-MNIST",),
        runs=("fashion_mnist",),
    ),
    Concept(
        name="keras.datasets.cifar10",
        summary="60,000 small colour photos, 32x32x3 uint8, in 10 classes (airplane ... truck): 50,000 to "
                "train, 10,000 to test. Its labels have shape (n, 1): flatten them with y.ravel().",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()\n"
                "# x_train: (50000, 32, 32, 3), y_train: (50000, 1)",
        lesson=DATA, heading="3 · CIFAR-10", section="datasets", aliases=("CIFAR10", "CIFAR-10"),
        runs=("cifar10",),
    ),
    Concept(
        name="keras.datasets.cifar100",
        summary="Like CIFAR-10 (60,000 colour photos, 32x32x3) but with 100 classes of 600 images, grouped "
                "in 20 superclasses: load_data(label_mode='fine') gives labels 0-99, label_mode='coarse' "
                "0-19.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data(\n"
                '    label_mode="coarse")',
        lesson=DATA, heading="4 · CIFAR-100", section="datasets", aliases=("CIFAR100", "CIFAR-100"),
        runs=("cifar100",),
    ),
    Concept(
        name="keras.datasets.imdb",
        summary="50,000 IMDB movie reviews labelled positive (1) or negative (0), 25,000 to train and 25,000 "
                "to test, already encoded as lists of word indices (1 = start, 2 = out of vocabulary, "
                "word rank + 3 otherwise); num_words keeps the most frequent words. get_word_index() gives "
                "the word ranks.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)\n"
                "x_train = keras.utils.pad_sequences(x_train, maxlen=200)",
        lesson=DATA, heading="5 · IMDB movie reviews", section="datasets", aliases=("IMDB",), runs=("imdb",),
    ),
    Concept(
        name="keras.datasets.reuters",
        summary="11,228 Reuters newswires labelled with 46 topics (8,982 to train, 2,246 to test with the "
                "default test_split=0.2), encoded as word indices like IMDB.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=10000)",
        lesson=DATA, heading="6 · Reuters newswires", section="datasets", aliases=("Reuters",),
        runs=("reuters",),
    ),
    Concept(
        name="keras.datasets.boston_housing",
        summary="506 Boston districts of the 1970s, 13 features each, with the median house price (in k$) "
                "as a regression target: (404, 13) to train, (102, 13) to test. Still in Keras 3, but its "
                "documentation strongly discourages using it (one feature encodes a racist assumption) "
                "except to discuss such problems; keras.datasets.california_housing is the suggested "
                "replacement.",
        replacement="keras.datasets.california_housing",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()\n"
                "mean, std = x_train.mean(axis=0), x_train.std(axis=0)   # standardise with training numbers",
        lesson=DATA, heading="7 · Boston housing", section="datasets",
        aliases=("Boston_housing", "Boston housing"), runs=("boston_housing",),
    ),
    Concept(
        name="keras.datasets.california_housing",
        summary="20,640 Californian block groups from the 1990 census, 8 features each, with the median "
                "house value as regression target; load_data(version='small') gives 600 of them, the "
                "stand-in Keras suggests for Boston housing.",
        example="(x_train, y_train), (x_test, y_test) = keras.datasets.california_housing.load_data(\n"
                '    version="small")',
        lesson=DATA, heading="The replacement: California housing", section="datasets",
        runs=("california_housing",),
    ),
]


def _application(name: str, summary: str, module: str, heading: str = MODELS,
                 runs: tuple[str, ...] = ()) -> Concept:
    """A pretrained model function of keras.applications."""
    return Concept(
        name=f"keras.applications.{name}", summary=summary,
        example=f"model = keras.applications.{name}(weights=None)   # weights=\"imagenet\" downloads them\n"
                f"x = keras.applications.{module}.preprocess_input(photos.copy())",
        lesson=APPS, heading=heading, section="applications", runs=runs or (name,),
    )


APPLICATIONS: list[Concept] = [
    _application("Xception", "Image classifier built from depthwise separable convolutions (an extreme "
                 "Inception); 22.9M parameters, 88 MB of ImageNet weights, 299x299 inputs scaled to -1..1.",
                 "xception"),
    _application("VGG16", "The 16-layer network of Oxford's Visual Geometry Group: plain 3x3 convolutions "
                          "and "
                 "huge fully connected layers; 138M parameters, 528 MB of weights, 224x224 inputs in 'caffe' "
                 "mode (BGR, ImageNet mean subtracted).", "vgg16"),
    _application("VGG19", "VGG16 with three more convolution layers: 144M parameters, 549 MB of weights, "
                          "about "
                 "the same accuracy; too large for a 2 GB Binder session.", "vgg19"),
    _application("ResNet50", "The 50-layer residual network: each block adds its input to its output (a "
                 "shortcut), which lets very deep networks train; 25.6M parameters, 98 MB, 'caffe' "
                 "preprocessing.", "resnet50"),
    _application("InceptionV3", "Google's third Inception network: blocks of parallel convolutions of "
                                "several "
                 "sizes; 23.9M parameters, 92 MB, 299x299 inputs scaled to -1..1.", "inception_v3"),
    _application("InceptionResNetV2", "Inception blocks with residual shortcuts: 55.9M parameters, 215 MB, "
                 "80.3% top-1 on ImageNet; 299x299 inputs scaled to -1..1.", "inception_resnet_v2"),
    _application("MobileNet", "A small, fast network for phones built from depthwise separable convolutions; "
                 "alpha (the width multiplier) thins every layer. 4.3M parameters, 16 MB; MobileNetV2 is its "
                 "successor.", "mobilenet"),
    Concept(
        name="DenseNet",
        summary="A family, not a function: keras.applications.DenseNet121, DenseNet169 and DenseNet201 (the "
                "number counts the layers with weights), in the module keras.applications.densenet. Every "
                "layer of a block receives the outputs of all the layers before it; inputs in 'torch' mode.",
        replacement="keras.applications.DenseNet121 / DenseNet169 / DenseNet201",
        error="AttributeError: module 'keras.applications' has no attribute 'DenseNet'",
        example="model = keras.applications.DenseNet121(weights=None)\n"
                "x = keras.applications.densenet.preprocess_input(photos.copy())",
        lesson=APPS, heading=MODELS, section="applications",
        aliases=("keras.applications.DenseNet", "DenseNet121", "DenseNet169", "DenseNet201"),
        runs=("DenseNet121",),
    ),
    Concept(
        name="NASNet",
        summary="A family, not a function: keras.applications.NASNetMobile (5.3M parameters) and NASNetLarge "
                "(88.9M, 331x331 inputs), an architecture found by Neural Architecture Search; module "
                "keras.applications.nasnet.",
        replacement="keras.applications.NASNetMobile / NASNetLarge",
        error="AttributeError: module 'keras.applications' has no attribute 'NASNet'",
        example="model = keras.applications.NASNetMobile(weights=None)\n"
                "x = keras.applications.nasnet.preprocess_input(photos.copy())",
        lesson=APPS, heading=MODELS, section="applications",
        aliases=("keras.applications.NASNet", "NASNetMobile", "NASNetLarge"),
        runs=("NASNetMobile",),
    ),
    Concept(
        name="preprocess_input",
        summary="Each family of keras.applications has its own, in its module: 'tf' mode scales 0-255 to "
                "-1..1 (MobileNet, Xception, Inception, NASNet), 'caffe' mode converts RGB to BGR and "
                "subtracts the ImageNet mean (VGG, ResNet50), 'torch' mode standardises each channel "
                "(DenseNet). The wrong one raises no error but ruins accuracy; on float numpy arrays it "
                "works in place.",
        example="x = keras.applications.mobilenet_v2.preprocess_input(photos.copy())   # -1..1",
        lesson=APPS, heading=PREPROCESS, section="applications",
        aliases=("keras.applications.imagenet_utils.preprocess_input",),
    ),
    Concept(
        name="decode_predictions",
        summary="Turns a model's 1,000 ImageNet probabilities per image into (class id, class name, "
                "probability) triples, the most probable first; it downloads the class-name file on first "
                "use.",
        example="top5 = keras.applications.mobilenet_v2.decode_predictions(model.predict(x), top=5)",
        lesson=APPS, heading=AS_IT_IS, section="applications",
        aliases=("keras.applications.imagenet_utils.decode_predictions",),
    ),
    Concept(
        name="pooling=",
        summary="The pooling argument of every keras.applications model built with include_top=False: None "
                "keeps the last block's 4-D feature map, 'avg' or 'max' pools it into one vector per image, "
                "what a new classifier head takes. (Not the Keras 1/2 module keras.layers.pooling.)",
        example='base = keras.applications.MobileNetV2(include_top=False, weights=None, pooling="avg",\n'
                '                                      input_shape=(96, 96, 3))\n'
                'base.output.shape   # (None, 1280)',
        lesson=APPS, heading="4 · The same recipe with ImageNet weights", section="applications",
        context="keyword",
    ),
]

OLD_TUTORIALS: list[Concept] = [
    Concept(
        name="keras.preprocessing.text.Tokenizer",
        summary="Keras 2's text tokenizer: fit_on_texts counted the words, texts_to_sequences turned texts "
                "into lists of ids, texts_to_matrix into bags of words. Keras 3 has no "
                "keras.preprocessing.text module; a deprecated copy remains in tf.keras.preprocessing.text.",
        status="removed", since="Keras 3.0", replacement="keras.layers.TextVectorization",
        error=TEXT_MODULE_ERROR,
        example='vectorizer = keras.layers.TextVectorization(output_sequence_length=12)\n'
                'vectorizer.adapt(texts)                 # was tokenizer.fit_on_texts(texts)\n'
                'ids = vectorizer(texts)                 # was tokenizer.texts_to_sequences(texts)',
        lesson=TEXT, heading=TOKENIZER, section="old-tutorials", aliases=("Tokenizer",),
    ),
    Concept(
        name="Tokenizer.fit_on_texts",
        summary="Built the Tokenizer's vocabulary (word_index) from a list of texts. Keras 3: "
                "TextVectorization.adapt(texts).",
        status="removed", since="Keras 3.0", replacement="keras.layers.TextVectorization.adapt",
        error=TEXT_MODULE_ERROR, example="vectorizer.adapt(train_texts)",
        lesson=TEXT, heading=TOKENIZER, section="old-tutorials",
    ),
    Concept(
        name="Tokenizer.texts_to_sequences",
        summary="Turned texts into lists of word ids of different lengths. Keras 3: call a TextVectorization "
                "layer (output_mode='int'), which pads or cuts to output_sequence_length.",
        status="removed", since="Keras 3.0", replacement="keras.layers.TextVectorization",
        error=TEXT_MODULE_ERROR, example="ids = vectorizer(np.array([\"The coffee was great!\"], "
                                         "dtype=object))",
        lesson=TEXT, heading=TOKENIZER, section="old-tutorials", runs=("texts_to_sequences", "vectorizer"),
    ),
    Concept(
        name="keras.preprocessing.text.one_hot",
        summary="Keras 2's one_hot(text, n) hashed each word of a text to an integer in 1..n-1 (not a "
                "one-hot vector, despite the name; collisions possible). Keras 3: keras.layers.Hashing, or "
                "TextVectorization for a real vocabulary; for one-hot label rows use "
                "keras.utils.to_categorical.",
        status="removed", since="Keras 3.0", replacement="keras.layers.Hashing",
        error=TEXT_MODULE_ERROR,
        example="words = keras.layers.TextVectorization(output_mode=\"int\", split=\"whitespace\")\n"
                "hashed = keras.layers.Hashing(num_bins=100)(np.array([[\"good\"], [\"coffee\"]]))",
        section="old-tutorials",
    ),
    Concept(
        name="keras.preprocessing.text.hashing_trick",
        summary="Keras 2's hashing_trick(text, n, hash_function) mapped each word to a hashed integer id. "
                "Keras 3: keras.layers.Hashing.",
        status="removed", since="Keras 3.0", replacement="keras.layers.Hashing",
        error=TEXT_MODULE_ERROR,
        example="ids = keras.layers.Hashing(num_bins=1000)(np.array([[\"good\"], [\"coffee\"]]))",
        section="old-tutorials",
    ),
    Concept(
        name="keras.preprocessing.text.text_to_word_sequence",
        summary="Keras 2's helper that lower-cased a text, removed punctuation and split it into a list of "
                "words. Keras 3: TextVectorization's standardize and split steps (or tf.strings.split).",
        status="removed", since="Keras 3.0", replacement="keras.layers.TextVectorization",
        error=TEXT_MODULE_ERROR,
        example="words = tf.strings.split(tf.strings.lower(\"Hello, World!\"))   # punctuation kept\n"
                "layer = keras.layers.TextVectorization(standardize=\"lower_and_strip_punctuation\")",
        section="old-tutorials",
    ),
    Concept(
        name="keras.preprocessing.sequence.pad_sequences",
        summary="Pads (or cuts) lists of ids to one length; both padding and truncating default to 'pre'. "
                "Still importable from this Keras 2 path in Keras 3: it is the same function as "
                "keras.utils.pad_sequences.",
        replacement="keras.utils.pad_sequences",
        example="keras.utils.pad_sequences([[5, 3, 8], [4]], maxlen=4, padding=\"post\")   # [[5 3 8 0] [4 "
                "0 0 0]]",
        lesson=TEXT, heading=PAD, section="old-tutorials", runs=("pad_sequences",),
    ),
    Concept(
        name="keras.preprocessing.sequence.TimeseriesGenerator",
        summary="Keras 2's iterator of (window, target) batches over a series; it shifted the targets "
                "itself and its length counted time steps. Removed from Keras 3 (a deprecated copy remains "
                "in tf.keras.preprocessing.sequence); timeseries_dataset_from_array takes targets already "
                "aligned with the window starts.",
        status="removed", since="Keras 3.0", replacement="keras.utils.timeseries_dataset_from_array",
        error="ImportError: cannot import name 'TimeseriesGenerator' from 'keras.preprocessing.sequence'",
        example="# was TimeseriesGenerator(series, series, length=3, batch_size=4)\n"
                "windows = keras.utils.timeseries_dataset_from_array(\n"
                "    series, series[3:], sequence_length=3, batch_size=4)",
        lesson=TEXT, heading=GENERATOR, section="old-tutorials", aliases=("TimeseriesGenerator",),
    ),
    Concept(
        name="keras.preprocessing.sequence.skipgrams",
        summary="Keras 2's generator of (word, context) pairs for word2vec-style training, with "
                "make_sampling_table. Removed from keras.preprocessing.sequence in Keras 3 (a deprecated "
                "copy remains in tf.keras.preprocessing.sequence); "
                "tf.keras.preprocessing.sequence.skipgrams or your own numpy code replace it.",
        status="removed", since="Keras 3.0", replacement="tf.keras.preprocessing.sequence.skipgrams "
                                                         "(deprecated)",
        error="ImportError: cannot import name 'skipgrams' from 'keras.preprocessing.sequence'",
        example="pairs = [(w, c) for i, w in enumerate(ids) for c in ids[max(0, i - 2):i] + ids[i + 1:i + "
                "3]]",
        section="old-tutorials",
    ),
    Concept(
        name="keras.preprocessing.image.load_img",
        summary="Reads an image file into a PIL image (target_size, color_mode). Still importable from this "
                "Keras 2 path in Keras 3, as the same function as keras.utils.load_img; the module "
                "keras.preprocessing.image keeps only load_img, img_to_array, array_to_img, save_img and "
                "smart_resize.",
        replacement="keras.utils.load_img",
        example='image = keras.utils.load_img("photo.jpg", target_size=(224, 224))\n'
                "array = keras.utils.img_to_array(image)   # (224, 224, 3) float32",
        lesson=IMAGES, heading=WHERE_IDG_WENT, section="old-tutorials", runs=("keras.preprocessing.image",),
    ),
    Concept(
        name="keras.preprocessing.image.img_to_array",
        summary="Turns a PIL image into a float32 numpy array (height, width, channels). Still importable "
                "from this Keras 2 path; the same function as keras.utils.img_to_array.",
        replacement="keras.utils.img_to_array",
        example='array = keras.utils.img_to_array(keras.utils.load_img("photo.jpg"))',
        lesson=IMAGES, heading=WHERE_IDG_WENT, section="old-tutorials", runs=("keras.preprocessing.image",),
    ),
    Concept(
        name="keras.preprocessing.image.save_img",
        summary="Writes a numpy image array to a file (PNG, JPEG...). Still importable from this Keras 2 "
                "path; the same function as keras.utils.save_img. Pass scale=False for values already in "
                "0-255.",
        replacement="keras.utils.save_img",
        example='keras.utils.save_img("digit.png", image * 255, scale=False)',
        lesson=IMAGES, heading=FROM_FOLDER, section="old-tutorials", runs=("save_img",),
    ),
    _idg_method(
        "flow_from_dataframe",
        "Read the image files listed in a pandas DataFrame (a column of paths, a column of labels) in "
        "augmented batches. Keras 3: a tf.data pipeline over the paths that loads and decodes each file, "
        "or one folder per class and keras.utils.image_dataset_from_directory.",
        "tf.data.Dataset.from_tensor_slices",
        FLOW,
        "def load(path, label):\n"
        "    image = tf.io.decode_png(tf.io.read_file(path), channels=1)\n"
        "    return tf.image.resize(image, (32, 32)) / 255, label\n"
        "dataset = tf.data.Dataset.from_tensor_slices((df[\"path\"], df[\"label\"])).map(load).batch(32)",
        runs=("from_tensor_slices",),
    ),
    Concept(
        name="keras.layers.experimental.preprocessing", context="module",
        summary="Where TensorFlow 2.3-2.5 tutorials found the preprocessing layers (Rescaling, RandomFlip, "
                "RandomRotation, Normalization, TextVectorization...). They moved to keras.layers in TF 2.6; "
                "the experimental alias was kept until Keras 2.15 and is gone in Keras 3.",
        status="removed", since="Keras 3.0", replacement="keras.layers (e.g. keras.layers.RandomFlip)",
        error="ModuleNotFoundError: No module named 'keras.layers.experimental'",
        example="augment = keras.Sequential([keras.layers.RandomFlip(\"horizontal\"), "
                "keras.layers.Rescaling(1 / 255)])",
        lesson=IMAGES, heading="The Keras 3 way: `Random*` layers", section="old-tutorials",
        runs=("RandomRotation",),
    ),
    Concept(
        name="keras.applications.imagenet_utils",
        summary="The module with the generic preprocess_input (mode='caffe', 'tf' or 'torch') and "
                "decode_predictions that the application modules share; still in Keras 3. Prefer the "
                "model's own module, e.g. keras.applications.resnet50.preprocess_input, which picks the "
                "right mode.",
        example='x = keras.applications.imagenet_utils.preprocess_input(photos.copy(), mode="tf")   # -1..1',
        lesson=APPS, heading=PREPROCESS, section="old-tutorials", runs=("preprocess_input",),
    ),
    Concept(
        name="include_top",
        summary="Argument of every keras.applications model: True keeps the 1,000-class ImageNet classifier, "
                "False drops it so that you put your own head on the feature maps (transfer learning); then "
                "input_shape may be chosen and pooling='avg' or 'max' gives one vector per image.",
        example="base = keras.applications.MobileNetV2(include_top=False, weights=None,\n"
                "                                      input_shape=(96, 96, 3), alpha=0.35)",
        lesson=APPS, heading=ARGUMENTS, section="old-tutorials", aliases=("include_top=False",),
    ),
]

ENTRIES: list[Concept] = SEQUENCE_AND_TEXT + IMAGE + DATASETS + APPLICATIONS + OLD_TUTORIALS
