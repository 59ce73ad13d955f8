"""A lean encoder for search queries: the packaged model traced and frozen, one text at a time.

A query is one short text, and its embedding is most of a search's cost at 100,000 clauses.
`Embedder.encode_query` runs the sentence-transformers modules eagerly; here the same BERT
weights (loaded by path from the package, offline) are traced once with TorchScript, frozen
and optimised for inference, which folds constants and pre-packs the linear layers' weights:
the same vectors (mean pooling over the tokens, unit length; within 1e-6 of `Embedder` in fp32)
for about three quarters of the CPU time. Tracing costs about 2.5 s of CPU once per process:
worth it where one process serves many searches (`search.query_embed(traced=True)`).

One short query reads every weight of the model once: its time goes on moving 42 MB of fp32
weights, not on arithmetic. By default the linear layers keep their weights in float16
(torch's dynamic fp16 linear: fp16 storage, fp32 arithmetic), half the bytes to move: 4.1 ms
of CPU per ACORD query against 9.3 ms in fp32, vectors within 1e-4 of fp32 (cosine
0.9999998). int8 was faster still (2.8 ms) but moved vectors up to cosine 0.89 (0.95 per
channel): not the same search.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from rfp_assist.retrieval.embed import DIMENSION, model_path, prepare

#: Word pieces the model reads at most (the packaged model's `max_seq_length`).
MAX_TOKENS = 256


def _last_hidden(model: Any) -> Any:
    """The transformer as a module of positional tensors returning its last hidden state."""
    import torch

    class LastHidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, types: Any, mask: Any) -> Any:
            out = self.inner(
                input_ids=ids, token_type_ids=types, attention_mask=mask, return_dict=False
            )
            return out[0]

    return LastHidden(model)


def _half_weights(model: Any) -> Any:
    """`model` with its linear layers' weights stored in float16 (computed in float32)."""
    import torch

    try:
        from torch.ao.quantization import quantize_dynamic
    except ImportError:  # a torch without eager quantisation: stay in float32
        return model
    with warnings.catch_warnings():
        # torch.ao.quantization announces its move to torchao; the pinned torch has it.
        warnings.simplefilter("ignore", DeprecationWarning)
        half: Any = quantize_dynamic(  # type: ignore[no-untyped-call]
            model, {torch.nn.Linear}, dtype=torch.float16
        )
        return half


def _traced(module: Any, tokenizer: Any) -> Any:
    """`module` traced, frozen and optimised; `module` itself if this torch cannot trace it.

    TorchScript is deprecated in favour of `torch.compile`, which needs a C compiler at run
    time; with the pinned torch it works and its warnings say nothing to act on here.
    """
    import torch
    from transformers.utils import logging as transformers_logging

    ids = torch.tensor([tokenizer.encode("a query to trace the model with").ids])
    # Scripting reads every attribute of the model, and one of them logs a warning about
    # training losses to stderr: quiet for the duration.
    verbosity = transformers_logging.get_verbosity()
    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)  # transformers, while scripting
            warnings.simplefilter("ignore", torch.jit.TracerWarning)  # type: ignore[attr-defined]
            example = (ids, torch.zeros_like(ids), torch.ones_like(ids))
            traced = torch.jit.trace(module, example)  # type: ignore[no-untyped-call]
            return torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))
    except (AttributeError, RuntimeError):  # a torch without TorchScript: stay eager
        return module
    finally:
        transformers_logging.set_verbosity(verbosity)


class QueryEncoder:
    """Encodes queries with the packaged model (loaded and traced on first use), one at a time.

    `half_weights` stores the linear layers' weights in float16 (see the module's notes).
    """

    def __init__(self, *, threads: int = 1, half_weights: bool = True) -> None:
        self.threads = threads
        self.half_weights = half_weights
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        self._module: Any = None

    def _load(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        tokenizer = AutoTokenizer.from_pretrained(model_path()).backend_tokenizer
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        model = AutoModel.from_pretrained(model_path()).eval()
        if self.half_weights:
            model = _half_weights(model)
        self._tokenizer, self._module = tokenizer, _traced(_last_hidden(model), tokenizer)

    def encode_one(self, text: str) -> np.ndarray:
        """The unit vector of one text, as `Embedder.encode` would give it."""
        import torch

        with self._lock:
            if self._module is None:
                self._load()
            encoding = self._tokenizer.encode(prepare(text))
            ids = torch.tensor([encoding.ids])
            types = torch.tensor([encoding.type_ids])
            before = torch.get_num_threads()
            torch.set_num_threads(self.threads)
            try:
                with torch.inference_mode():
                    hidden = self._module(ids, types, torch.ones_like(ids))[0]
                    vector = torch.nn.functional.normalize(hidden.mean(dim=0), dim=0)
            finally:
                torch.set_num_threads(before)
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text (an `EmbedFn`)."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.encode_one(text)
        return out
