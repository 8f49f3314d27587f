"""User-facing errors: the message is Indonesian and is shown without a traceback."""


class KppsError(Exception):
    """Base class: anything the CLI reports as a clear message with exit code 2."""


class InputError(KppsError):
    """An input file cannot be read or holds no usable roster."""
