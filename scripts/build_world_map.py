"""Build static/img/world-map.svg from the bundled world-atlas countries (TopoJSON).

    python scripts/build_world_map.py

The data is world-atlas 2.0.2 (Natural Earth 1:110m, ISC licence: scripts/world-atlas/LICENSE),
taken with `npm pack world-atlas`. The output is committed, so running this is only needed
when the data or the projection (cities/worldmap.py) changes.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cities.worldmap import HEIGHT, WIDTH, project  # noqa: E402

SOURCE = ROOT / "scripts" / "world-atlas" / "countries-110m.json"
TARGET = ROOT / "static" / "img" / "world-map.svg"
ANTARCTICA = "010"


def decode_arcs(topology):
    """Absolute (longitude, latitude) points of every arc (TopoJSON stores quantised deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """Keep a ring continuous across the 180th meridian (Fiji, Chukotka) by letting its
    longitudes run past ±180; the caller draws such a ring once more, shifted by 360°."""
    unwrapped = []
    for longitude, latitude in points:
        if unwrapped:
            while longitude - unwrapped[-1][0] > 180:
                longitude -= 360
            while longitude - unwrapped[-1][0] < -180:
                longitude += 360
        unwrapped.append((longitude, latitude))
    return unwrapped


def ring_paths(points):
    points = unwrap(points)
    paths = [ring_path(points)]
    longitudes = [longitude for longitude, _ in points]
    if max(longitudes) > 180:
        paths.append(ring_path([(lon - 360, lat) for lon, lat in points]))
    if min(longitudes) < -180:
        paths.append(ring_path([(lon + 360, lat) for lon, lat in points]))
    return paths


def ring_path(points):
    coordinates = []
    previous = None
    for longitude, latitude in points:
        x, y = project(latitude, longitude)
        point = (round(x, 1), round(y, 1))
        if point != previous:
            coordinates.append(f"{point[0]:g} {point[1]:g}")
            previous = point
    if len(coordinates) < 3:
        return ""
    return "M" + "L".join(coordinates) + "Z"


def main():
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                paths.extend(ring_paths(ring_points(ring, arcs)))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#e8f1f8"/>'
        f'<path fill="#c5ced6" stroke="#ffffff" stroke-width="0.5" '
        f'd="{"".join(p for p in paths if p)}"/></svg>\n'
    )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(svg)
    print(f"Wrote {TARGET.relative_to(ROOT)} ({len(svg) // 1024} KB)")


if __name__ == "__main__":
    main()
