"""Load Rasa's TensorFlow models (our ResponseSelector) for serving without a training step.

Rasa 3.6.21's `RasaModel.load` builds a model's variables by *training it on one example*
(`model.fit` on a batch of one), then overwrites every weight from the saved checkpoint and runs
one prediction to trace the prediction graph. Tracing the training step (autograph, the loss,
the optimizer) cost about 5 s of CPU per `rasa run` on our machines when DIET and the
ResponseSelector were both loaded (reports/tuning.md), and nothing of it is used when serving.

TensorFlow's object-based checkpoints restore a variable when it is created if the checkpoint
holds a value for it ("delayed restoration"), so for serving this loads the checkpoint first and
lets the one warm-up prediction Rasa already runs create the variables, each restored from the
checkpoint as it is made. Then it checks that every variable the prediction created was matched
in the checkpoint; if any was not (or anything fails), it builds the model exactly as Rasa does
instead. Fine-tuning (`rasa train --finetune`) and loads without a prediction example always
take Rasa's own path.

When it can go: when Rasa's `RasaModel.load` no longer calls `model.fit` before loading the
weights, or when no TensorFlow model is left in `config.yml` (today only the ResponseSelector
is one). `tests/bot/test_model_loading.py` checks the answers are identical to Rasa's load.
"""

from __future__ import annotations

import logging
from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)

_rasa_load = RasaModel.load.__func__  # type: ignore[attr-defined]


def load(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """`RasaModel.load` for serving: weights restored as the warm-up prediction creates them."""

    def as_rasa_does() -> RasaModel:
        return _rasa_load(  # type: ignore[no-any-return]
            cls,
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )

    if finetune_mode or not predict_data_example:
        return as_rasa_does()
    try:
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(
            optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
            run_eagerly=config.get(RUN_EAGERLY),
        )
        status = model.load_weights(model_file_name)
        model.run_inference(predict_data_example)
        status.assert_existing_objects_matched()
        status.expect_partial()  # the optimizer's training state is not needed to serve
        if not model.trainable_weights:
            raise AssertionError("the prediction created no weights")
    except (AssertionError, ValueError, tf.errors.OpError) as error:
        logger.warning(
            "Loading %s without its training step failed (%s); loading as Rasa does",
            cls.__name__,
            error,
        )
        return as_rasa_does()
    logger.debug("Loaded %s for serving without a training step", cls.__name__)
    return model


def install() -> None:
    """Replace Rasa's model loading with the serving one (idempotent)."""
    RasaModel.load = classmethod(load)  # type: ignore[assignment]
