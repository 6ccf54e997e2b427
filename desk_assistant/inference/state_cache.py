"""Saved KV states per conversation, least recently used first out, within a memory budget.

Returning to a conversation restores its state instead of re-reading its whole history. A state is the
llama.cpp context's bytes plus the token ids it holds (to know what prefix it covers); logits are not
kept: the engine always re-evaluates the last prompt token after a restore.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)


@dataclass
class SavedState:
    tokens: np.ndarray  # int32 ids the state covers
    data: bytearray  # llama_state_get_data bytes

    @property
    def nbytes(self) -> int:
        return len(self.data) + self.tokens.nbytes


class StateCache:
    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._states: OrderedDict[str, SavedState] = OrderedDict()

    def __contains__(self, key: str) -> bool:
        return key in self._states

    def __len__(self) -> int:
        return len(self._states)

    @property
    def used_bytes(self) -> int:
        return sum(s.nbytes for s in self._states.values())

    def keys(self) -> list[str]:
        """Oldest first."""
        return list(self._states)

    def put(self, key: str, state: SavedState) -> None:
        self._states.pop(key, None)
        if state.nbytes > self.budget_bytes:
            log.debug("state of %s (%d bytes) exceeds the budget; not kept", key, state.nbytes)
            return
        self._states[key] = state
        used = self.used_bytes
        while used > self.budget_bytes:
            old_key, old = self._states.popitem(last=False)
            used -= old.nbytes
            log.debug("evicted saved state of %s (%d bytes)", old_key, old.nbytes)

    def take(self, key: str) -> SavedState | None:
        """Remove and return a state: once restored it is live in the context, no copy needed."""
        return self._states.pop(key, None)

    def clear(self) -> None:
        self._states.clear()
