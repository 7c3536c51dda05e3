"""The contract between the notebook and the runner: how a chart travels in a notebook output.

A chart output carries its SVG (shown by every front end and exported to HTML) and metadata under
META_KEY naming the chart and its title. The slide PNGs are drawn afterwards in the same kernel, from
the figures the notebook's `brief` keeps (`tarifftalks.report.write_chart_pngs`).
"""

META_KEY = "tarifftalks"
BRIEF_VARIABLE = "brief"
