"""The world map above the directory: one equirectangular projection shared by the
bundled SVG (scripts/build_world_map.py) and the markers placed on it server-side."""

# The map is cut above 84°N and below 58°S: Antarctica and the Arctic Ocean hold no
# partners and would take a third of a phone screen.
NORTH = 84.0
SOUTH = -58.0
WIDTH = 1000
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)


def project(latitude, longitude):
    """(x, y) in the SVG's own units for a point given in degrees."""
    x = (float(longitude) + 180) / 360 * WIDTH
    y = (NORTH - float(latitude)) / (NORTH - SOUTH) * HEIGHT
    return x, y


def position(latitude, longitude):
    """(left, top) in percent of the map's box, for a marker laid over the image."""
    x, y = project(latitude, longitude)
    clamp = lambda value: min(max(value, 0.0), 100.0)  # noqa: E731
    return round(clamp(x / WIDTH * 100), 2), round(clamp(y / HEIGHT * 100), 2)


# Markers closer than this (in percent of the map) would hide one another: a city and its
# metropolitan body share a spot. Each further one is moved aside by one step.
NEARBY = 1.0
STEP = 1.6


def spread(positions):
    """The same positions, with markers on (almost) the same spot set side by side."""
    placed = []
    for left, top in positions:
        nudges = 0
        while any(abs(left - x) < NEARBY and abs(top - y) < NEARBY for x, y in placed):
            nudges += 1
            left = min(left + STEP, 100.0)
            if nudges > 20:
                break
        placed.append((round(left, 2), top))
    return placed
