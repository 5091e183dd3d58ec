"""``python -m keras_recipes``: the same as the ``keras-recipes`` command."""

import sys

from keras_recipes.cli import main

sys.exit(main())
