"""The contract between the notebook and the runner: how a chart travels in a notebook output.

A chart output carries its SVG (shown by every front end and exported to HTML), the pickled
matplotlib figure under FIGURE_MIME (the runner draws the slide PNG from it in another process
while the PDF is printed) and metadata naming the chart.
"""

FIGURE_MIME = "application/vnd.tarifftalks.figure+pickle"
META_KEY = "tarifftalks"
