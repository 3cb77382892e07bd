"""Test configuration: Qt runs offscreen, whoever runs the tests."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
