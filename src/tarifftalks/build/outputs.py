"""The contract between the notebook and the runner: how a chart travels in a notebook output.

A chart output carries its SVG (shown by every front end and exported to HTML) and metadata under
META_KEY naming the chart and its title (`charts.ReportFigure`). The slide PNGs are drawn afterwards in
the same kernel, from the figures `charts.DRAWN` keeps (`charts.write_pngs`).
"""

META_KEY = "tarifftalks"
