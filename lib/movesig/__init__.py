"""movesig: how unique is each person's movement, and what makes it unique.

A reproducible study of person identification from gait (ground reaction forces) and
muscle activity (EMG), explained with Layer-wise Relevance Propagation.
"""

__version__ = "0.1.0"
