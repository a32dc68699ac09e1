"""strategibot: carries Lyngby-Taarbæk Kommune's Koncernstrategi 2019 into Teams and Slack."""

from strategibot.__about__ import __version__
from strategibot.settings import Settings

__all__ = ["Settings", "__version__"]
