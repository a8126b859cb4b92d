"""HTTP routes (moto's `responses.py`): parse, call the state layer, shape the answer."""

__all__: list[str] = []  # a namespace of modules; each module lists its own names
