-- parse_python: definitions, references and imports extracted from Python
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
"""Shapes and the things that store them."""
from __future__ import annotations

import os.path
import numpy as np
from . import views
from .models import Box as B, Crate
from ..storage.base import *

MAX_ITEMS = 100
default_name = "box"      # not a constant: lower case


class Shape(Base, mixins.Printable):
    SIDES = 0

    def area(self):
        raise NotImplementedError

    @property
    def label(self):
        return self.describe().title()


class Box(Shape):
    """A rectangle."""

    class Meta:
        ordering = ["w"]

    def __init__(self, w, h):
        super().__init__()
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    async def target_fn(self, path):
        LIMIT = 3          # local: not reported
        full = os.path.join(path, default_name)
        def check(value):
            return validate(value)
        return helper(check(full))


def top_level(items):
    return [Box(i, i) for i in items if np.isfinite(i)]
$src$, 'python')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
