"""docs/loadtest.svg: requests/s of every endpoint at 1, 8 and 64 connections."""

from html import escape

SHADES = {"1": "#9ecae1", "8": "#4292c6", "64": "#08519c"}


def write(results, path):
    runs = results["runs"]
    row_h, bar_h, left, width = 66, 18, 390, 430
    top = max(v["rps"] for run in runs.values() for v in run["by_connections"].values())
    height = 60 + row_h * len(runs) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 110}" height="{height}" '
             'font-family="sans-serif" font-size="12">',
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="10" y="22" font-size="15" font-weight="bold">Token endpoint under load: requests/s (wrk, 127.0.0.1)</text>']
    for i, conns in enumerate(SHADES):
        parts.append(f'<rect x="{left + i * 110}" y="34" width="12" height="12" fill="{SHADES[conns]}"/>'
                     f'<text x="{left + i * 110 + 16}" y="45">{conns} connection{"s" if conns != "1" else ""}</text>')
    for row, run in enumerate(runs.values()):
        y = 60 + row * row_h
        parts.append(f'<text x="10" y="{y + 30}">{escape(run["label"])}</text>')
        for i, conns in enumerate(SHADES):
            rps = run["by_connections"][conns]["rps"]
            w = max(1, round(width * rps / top))
            by = y + i * (bar_h + 2)
            parts.append(f'<rect x="{left}" y="{by}" width="{w}" height="{bar_h}" fill="{SHADES[conns]}"/>'
                         f'<text x="{left + w + 4}" y="{by + 13}">{rps:,.0f}</text>')
    parts.append(f'<text x="10" y="{height - 10}" fill="#555">2 php-fpm workers or 2 Node cluster workers per endpoint; '
                 'source: docs/BENCHMARKS.md (scripts/loadtest)</text></svg>')
    path.write_text("\n".join(parts) + "\n")
