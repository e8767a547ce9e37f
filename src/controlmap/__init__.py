"""controlmap: who controls what in and around Kupiansk on any date, and who says so."""

__version__ = "0.1.0"
