"""The README's Python example, run as written against the mock (only its base URL is pointed here)."""

from __future__ import annotations

import re
from pathlib import Path

from mock_server import MockServer

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_python_example_runs_against_the_mock(mock: MockServer, capsys) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "the README has a Python example"
    for block in blocks:
        code = block.replace("http://localhost:8080", mock.base_url)
        exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() in {"PENDING", "PROCESSING", "COMPLETED"}
