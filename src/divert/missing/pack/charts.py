"""Vega-Altair chart specs for the pack; rendered to SVG (page) or PNG (PDF) with vl-convert."""

import base64

import altair as alt
import vl_convert as vlc

WIDTH = 520
HEIGHT = 260


def trend_chart(trend: list[dict]) -> alt.Chart:
    rows = [{"month": t["month"], "measure": m, "count": t[m]} for t in trend for m in ("episodes", "children")
            if isinstance(t[m], int)]  # suppressed values ("c") are left out of the chart
    chart = alt.Chart(alt.Data(values=rows), title="Missing episodes and children, by month")
    return chart.mark_line(point=True).encode(
        x=alt.X("month:O", title="Month"), y=alt.Y("count:Q", title="Count"),
        color=alt.Color("measure:N", title=None)).properties(width=WIDTH, height=HEIGHT)


# The legend in words, as the pack's table gives them (the points keep the codes for their colours).
POSITION_WORDS = ("{'above': 'Above the 99.8% limit', 'warning high': 'Above the 95% limit', "
                  "'within': 'Within the limits', 'warning low': 'Below the 95% limit', "
                  "'below': 'Below the 99.8% limit'}[datum.label]")


def funnel_chart(points: list[dict], curve: list[dict], target: float) -> alt.TopLevelMixin:
    c = alt.Data(values=curve)
    ns = [x["n"] for x in curve] or [0, 1]
    lines = []
    for col, dash in (("upper95", [4, 2]), ("lower95", [4, 2]), ("upper998", []), ("lower998", [])):
        lines.append(alt.Chart(c).mark_line(color="#505a5f", strokeDash=dash).encode(
            x=alt.X("n:Q", title="Registered places"), y=alt.Y(f"{col}:Q", title="Episodes per place")))
    target_df = alt.Data(values=[{"n": min(ns), "t": target}, {"n": max(ns), "t": target}])
    lines.append(alt.Chart(target_df).mark_line(color="#1d70b8").encode(x="n:Q", y="t:Q"))
    pts = alt.Chart(alt.Data(values=points)).mark_circle(size=70).encode(
        x="places:Q", y="rate:Q",
        color=alt.Color("position:N", title="Against similar homes", legend=alt.Legend(labelExpr=POSITION_WORDS),
                        scale=alt.Scale(domain=["above", "warning high", "within", "warning low", "below"],
                                        range=["#d4351c", "#f47738", "#00703c", "#5694ca", "#1d70b8"])),
        tooltip=["home:N", "places:Q", "rate:Q", "position:N"])
    return alt.layer(*lines, pts, title="Funnel plot: reporting rate by home size (95% dashed, 99.8% solid)"
                     ).properties(width=WIDTH, height=HEIGHT)


def district_areas(points: list[dict], *, pad: float = 150.0) -> list[dict]:
    """Each postcode district's area on the map, as the box around the places children were found in it (padded),
    with its label ("NG7: 5 found") at the middle: a map people can read without a tile source."""
    groups: dict[str, list[dict]] = {}
    for p in points:
        groups.setdefault(str(p["location"]).split(" ")[0], []).append(p)
    areas = []
    for district, ps in sorted(groups.items()):
        es, ns = [p["easting"] for p in ps], [p["northing"] for p in ps]
        areas.append({"district": district, "x": min(es) - pad, "x2": max(es) + pad, "y": min(ns) - pad,
                      "y2": max(ns) + pad, "cx": (min(es) + max(es)) / 2, "cy": max(ns) + pad,
                      "label": f"{district}: {len(ps)} found"})
    return areas


def found_chart(points: list[dict]) -> alt.TopLevelMixin:
    """Where children were found, by postcode district: outlined, labelled areas and the places inside them (used
    when no map tile source is set in settings.DIVERT['MAP_TILE_URL'])."""
    areas = alt.Data(values=district_areas(points))
    axis = alt.Axis(labels=False, ticks=False, grid=False, title=None, domain=False)
    xs, ys = alt.Scale(zero=False, nice=False), alt.Scale(zero=False, nice=False)
    boxes = alt.Chart(areas).mark_rect(fill="#f3f2f1", stroke="#505a5f", strokeWidth=1, opacity=0.8).encode(
        x=alt.X("x:Q", scale=xs, axis=axis), x2="x2:Q", y=alt.Y("y:Q", scale=ys, axis=axis), y2="y2:Q",
        tooltip=["label:N"])
    labels = alt.Chart(areas).mark_text(fontSize=12, fontWeight="bold", dy=-8, color="#0b0c0c").encode(
        x="cx:Q", y="cy:Q", text="label:N")
    dots = alt.Chart(alt.Data(values=points)).mark_circle(size=60, opacity=0.7, color="#d4351c").encode(
        x="easting:Q", y="northing:Q", tooltip=["location:N"])
    return alt.layer(boxes, dots, labels, title="Where children were found, by postcode district").properties(
        width=WIDTH, height=HEIGHT)


def network_chart(nodes: list[dict], edges: list[dict]) -> alt.TopLevelMixin:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["child"] for n in nodes)
    g.add_weighted_edges_from((e["a"], e["b"], e["weight"]) for e in edges)
    pos = nx.spring_layout(g, seed=1) if len(g) else {}
    ndf = alt.Data(values=[{"child": k, "x": float(v[0]), "y": float(v[1])} for k, v in pos.items()])
    edf = alt.Data(values=[{"x": float(pos[e["a"]][0]), "y": float(pos[e["a"]][1]), "x2": float(pos[e["b"]][0]),
                            "y2": float(pos[e["b"]][1]), "weight": e["weight"]} for e in edges])
    axis = alt.Axis(labels=False, ticks=False, grid=False, title=None)
    rules = alt.Chart(edf).mark_rule(color="#505a5f").encode(
        x=alt.X("x:Q", axis=axis), y=alt.Y("y:Q", axis=axis), x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("weight:Q", legend=None))
    dots = alt.Chart(ndf).mark_circle(size=120, color="#1d70b8").encode(x="x:Q", y="y:Q", tooltip=["child:N"])
    text = alt.Chart(ndf).mark_text(dy=-10, fontSize=9).encode(x="x:Q", y="y:Q", text="child:N")
    return alt.layer(rules, dots, text, title="Children who went missing together").properties(
        width=WIDTH, height=HEIGHT)


def pack_charts(pack: dict) -> dict[str, alt.TopLevelMixin]:
    charts: dict[str, alt.TopLevelMixin] = {"trend": trend_chart(pack["trend"]),
              "funnel": funnel_chart(pack["funnel_points"], pack["funnel_curve"], pack["funnel_target"])}
    if pack["found_points"]:
        from django.conf import settings

        tile_url = getattr(settings, "DIVERT", {}).get("MAP_TILE_URL", "")
        charts["found"] = (map_chart(pack["found_points"], tile_url) if tile_url
                           else found_chart(pack["found_points"]))
    if pack["co_missing_edges"]:
        charts["network"] = network_chart(pack["co_missing_nodes"], pack["co_missing_edges"])
    return charts


def to_svg(chart: alt.TopLevelMixin) -> str:
    return vlc.vegalite_to_svg(chart.to_dict(validate=False))


def to_png_data_uri(chart: alt.TopLevelMixin) -> str:
    png = vlc.vegalite_to_png(chart.to_dict(validate=False), scale=1.5)
    return "data:image/png;base64," + base64.b64encode(png).decode()



def map_chart(points: list[dict], tile_url: str, *, width: int = WIDTH, height: int = HEIGHT) -> alt.TopLevelMixin:
    """Found locations over map tiles from `tile_url` ({z}/{x}/{y} template, settings.DIVERT['MAP_TILE_URL']).

    Points are converted from the National Grid to WGS84 and placed in Web Mercator pixels at the largest zoom
    that fits them, so each 256-pixel tile is drawn at its natural size."""
    import math

    from .geo import bng_to_wgs84, world_pixel

    latlon = [bng_to_wgs84(p["easting"], p["northing"]) for p in points]
    zoom = 16
    while zoom > 3:
        px = [world_pixel(lat, lon, zoom) for lat, lon in latlon]
        if (max(x for x, _ in px) - min(x for x, _ in px) < width * 0.9
                and max(y for _, y in px) - min(y for _, y in px) < height * 0.9):
            break
        zoom -= 1
    px = [world_pixel(lat, lon, zoom) for lat, lon in latlon]
    cx = (max(x for x, _ in px) + min(x for x, _ in px)) / 2
    cy = (max(y for _, y in px) + min(y for _, y in px)) / 2
    x0, y0 = cx - width / 2, cy - height / 2
    tiles = [{"x": tx * 256, "y": ty * 256, "url": tile_url.format(z=zoom, x=tx, y=ty)}
             for tx in range(math.floor(x0 / 256), math.floor((x0 + width) / 256) + 1)
             for ty in range(math.floor(y0 / 256), math.floor((y0 + height) / 256) + 1)]
    xs = alt.Scale(domain=[x0, x0 + width])
    ys = alt.Scale(domain=[y0, y0 + height], reverse=True)
    axis = alt.Axis(labels=False, ticks=False, grid=False, title=None, domain=False)
    base = alt.Chart(alt.Data(values=tiles)).mark_image(width=256, height=256, align="left", baseline="top",
                                                        clip=True).encode(
        x=alt.X("x:Q", scale=xs, axis=axis), y=alt.Y("y:Q", scale=ys, axis=axis), url="url:N")
    dots = alt.Chart(alt.Data(values=[{"x": x, "y": y, "location": p["location"]}
                                      for (x, y), p in zip(px, points, strict=True)])).mark_circle(
        size=60, opacity=0.7, color="#d4351c", clip=True).encode(
        x=alt.X("x:Q", scale=xs, axis=axis), y=alt.Y("y:Q", scale=ys, axis=axis), tooltip=["location:N"])
    return alt.layer(base, dots, title="Where children were found").properties(width=width, height=height)
