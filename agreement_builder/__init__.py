"""agreement-builder: turn a strategic alliance's terms into documents people can sign and live by."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("agreement-builder")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0.0.0+source"
