"""HTTP routes (moto's `responses.py`): parse, call the state layer, shape the answer."""
