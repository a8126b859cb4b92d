"""Request bodies of the Monite spec (2024-05-25), as pydantic models, named as in the spec."""

__all__: list[str] = []  # a namespace of modules; each module lists its own names
