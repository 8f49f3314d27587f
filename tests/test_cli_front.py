"""The CLI's front door: messages keep words and paths whole at any width."""

from __future__ import annotations

import pytest
from clirun import invoke


@pytest.mark.parametrize("width", [40, 80, 200])
def test_error_message_keeps_a_long_path_whole_at_any_width(tmp_path, width):
    missing = tmp_path / ("folder-dengan-nama-yang-sangat-panjang-sekali" * 2) / "tidak-ada.xlsx"
    result = invoke(["check", str(missing)], width=width)
    assert result.exit_code == 2
    assert str(missing) in result.output  # raw output: no line break inside the path
    assert "Berkas tidak ditemukan" in result.output
