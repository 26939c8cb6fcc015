"""Make kg/data/vendor/china-provinces.json, the map's province outlines, from Apache ECharts 4.

The outlines come from the npm package ``echarts@4.9.0`` (Apache-2.0), file ``map/json/china.json``,
whose rings are stored in ECharts's compact encoding (zig-zag deltas as characters). This script
decodes them, drops points closer than ``STEP`` degrees to the last kept one and rounds to two
decimals (about 1 km), so the page carries about 125 kB of outlines and draws them offline.

    npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    python tools/vendor_china_provinces.py package/map/json/china.json kg/data/vendor/china-provinces.json
"""

from __future__ import annotations

import json
import sys

STEP = 0.08


def decode_ring(encoded: str, offsets: list[int], scale: float) -> list[tuple[float, float]]:
    """ECharts's ``decodePolygon``: pairs of zig-zag-encoded deltas from ``offsets``."""
    x0, y0 = offsets
    points = []
    for i in range(0, len(encoded), 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)
        x0, y0 = x0 + x, y0 + y
        points.append((x0 / scale, y0 / scale))
    return points


def thin(points: list[tuple[float, float]]) -> list[float]:
    kept = [points[0]]
    for x, y in points[1:]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= STEP:
            kept.append((x, y))
    return [round(v, 2) for point in kept for v in point]


def main(source: str, target: str) -> None:
    data = json.load(open(source, encoding="utf-8"))
    scale = data.get("UTF8Scale", 1024)
    provinces = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        offsets = geometry["encodeOffsets"] if geometry["type"] == "MultiPolygon" else [geometry["encodeOffsets"]]
        rings = []
        for polygon, polygon_offsets in zip(polygons, offsets):
            for ring, ring_offsets in zip(polygon, polygon_offsets):
                flat = thin(decode_ring(ring, ring_offsets, scale))
                if len(flat) >= 6:
                    rings.append(flat)
        props = feature["properties"]
        provinces.append({"code": str(props.get("id", feature.get("id", ""))), "name": props["name"],
                          "centre": [round(v, 2) for v in props.get("cp", [])], "rings": rings})
    provinces.sort(key=lambda p: p["code"])
    out = {"source": "Apache ECharts 4.9.0, map/json/china.json (npm package echarts@4.9.0)",
           "license": "Apache-2.0 (kg/data/vendor/LICENSE-echarts)", "provinces": provinces}
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(out, handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
